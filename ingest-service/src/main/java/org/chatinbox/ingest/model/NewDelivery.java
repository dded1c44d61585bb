package org.chatinbox.ingest.model;

import org.chatinbox.events.data.OutboundKind;

/** An outbound event to deliver, as the consumer read it: where it goes and where it was read from. */
public record NewDelivery(String eventId, String workspaceId, String conversationId, String messageId, OutboundKind kind,
        String lane, byte[] payload, int sourcePartition, long sourceOffset) {
}
