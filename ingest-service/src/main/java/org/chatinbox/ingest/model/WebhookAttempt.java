package org.chatinbox.ingest.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One call made to a webhook: when, what it answered ({@code statusCode} null when it did not answer), how long it took, what
 * came of it ({@code delivered}, {@code retrying} with {@code nextRetryAt}, {@code failed}) and why.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WebhookAttempt(long id, long deliveryId, String eventId, String eventType, int attempt, Instant attemptedAt,
        Integer statusCode, long latencyMs, String outcome, Instant nextRetryAt, String error) {
}
