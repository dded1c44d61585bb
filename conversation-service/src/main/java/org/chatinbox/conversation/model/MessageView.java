package org.chatinbox.conversation.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** One message of a conversation's history (contract §4). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MessageView(String id, String role, String senderId, String senderName, String text, Instant sentAt,
        String feedback, List<JsonNode> attachments, String deliveryState) {
}
