package org.chatinbox.api.rest;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.chatinbox.events.validation.ContractRules;
import org.chatinbox.events.validation.Identifier;

/**
 * {@code POST /conversations/bulk} (contract §4.1): one action on up to 100 conversations. {@code assign} takes
 * {@code agentId}; {@code label} takes {@code labels}, added to each conversation's own. The gateway routes it by
 * {@code action} to the service that owns what the action changes: {@code assign} and {@code handback} to handoff-service,
 * {@code resolve} and {@code label} to conversation-service.
 */
public record BulkRequest(
        @NotNull(message = "must list the conversations") @Size(min = 1, max = BulkRequest.MAX_IDS, message = "1 to 100 conversation ids") List<@NotNull(message = ContractRules.IDENTIFIER_RULE) @Pattern(regexp = Identifier.PATTERN, message = ContractRules.IDENTIFIER_RULE) String> ids,
        @NotNull(message = "must be assign, resolve, label or handback") @Pattern(regexp = "assign|resolve|label|handback", message = "must be assign, resolve, label or handback") String action,
        @Pattern(regexp = Identifier.PATTERN, message = ContractRules.IDENTIFIER_RULE) String agentId,
        @Size(max = 50, message = "at most 50 labels") List<@NotNull String> labels) {

    public static final int MAX_IDS = 100;

    /** The conversation ids once each, in the order given. */
    public List<String> distinctIds() {
        return ids.stream().distinct().toList();
    }
}
