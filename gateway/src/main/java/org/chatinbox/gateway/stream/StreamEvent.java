package org.chatinbox.gateway.stream;

/**
 * One event of the live stream. {@code id} is the record's Kafka position ({@code topic-partition-offset}), the same on every
 * gateway replica, which is what {@code Last-Event-ID} resumes from.
 */
public record StreamEvent(String id, String name, String workspaceId, String conversationId, String botId, String json) {
}
