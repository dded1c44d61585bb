package org.chatinbox.ingest.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An integration webhook: where a workspace's announced events of the chosen types are posted. Its secret is shown once, in the
 * answer that creates it ({@code secret}, null everywhere else).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Webhook(String id, String url, List<String> events, boolean enabled, String disabledReason,
        Instant failingSince, Instant createdAt, String createdBy, @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    public Webhook withSecret(String shown) {
        return new Webhook(id, url, events, enabled, disabledReason, failingSince, createdAt, createdBy, shown);
    }
}
