package org.chatinbox.ingest.model;

import java.time.Instant;

import org.chatinbox.events.data.OutboundKind;

/**
 * An outbound event claimed for one attempt: the event as it came ({@code payload}, CloudEvents JSON), where it goes
 * ({@code lane}), the attempt it is on and where it was read from (for its dead letter).
 */
public record Delivery(long id, String eventId, String workspaceId, String conversationId, String messageId, OutboundKind kind,
        String lane, byte[] payload, int sourcePartition, long sourceOffset, int attempt, Instant requestedAt) {
}
