package org.chatinbox.conversation.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

/** One conversation (contract §4): the list item plus its latest summary, or null. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConversationDetail(@JsonUnwrapped ConversationView conversation, JsonNode summary) {
}
