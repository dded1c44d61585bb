package org.chatinbox.ingest.model;

import java.time.Instant;

import org.chatinbox.events.data.OutboundKind;

/**
 * An event claimed for one attempt: the event as it came ({@code payload}, CloudEvents JSON), where it goes ({@code lane}), the
 * attempt it is on and where it was read from (for its dead letter). {@code kind} is null for an event posted to a webhook.
 */
public record Delivery(long id, String eventId, String eventType, String workspaceId, String conversationId, String messageId,
        OutboundKind kind, String lane, byte[] payload, int sourcePartition, long sourceOffset, int attempt,
        Instant requestedAt) {

    /** The webhook of a delivery on a webhook's lane, else null. */
    public String webhookId() {
        return lane.startsWith(WEBHOOK_LANE) ? lane.substring(WEBHOOK_LANE.length()) : null;
    }

    public static final String WEBHOOK_LANE = "webhook:";
}
