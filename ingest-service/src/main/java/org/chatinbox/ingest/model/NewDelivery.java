package org.chatinbox.ingest.model;

import org.chatinbox.events.data.OutboundKind;

/**
 * An event to deliver, as a consumer read it: where it goes and where it was read from. {@code kind} is null for an event
 * posted to a webhook.
 */
public record NewDelivery(String eventId, String eventType, String workspaceId, String conversationId, String messageId,
        OutboundKind kind, String lane, byte[] payload, int sourcePartition, long sourceOffset) {
}
