package org.chatinbox.conversation.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One conversation (contract §4, §4.1): the list item plus its latest summary (or null), how long the visitor waited for a
 * human (from the first unanswered request to the take-over; null when none) and how long a human held it (the current or last
 * hold; null when never held), in whole seconds.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConversationDetail(@JsonUnwrapped ConversationView conversation, JsonNode summary, Long waitedForHumanSeconds,
        Long heldByHumanSeconds) {
}
