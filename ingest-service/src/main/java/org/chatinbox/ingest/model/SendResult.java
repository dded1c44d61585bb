package org.chatinbox.ingest.model;

import java.time.Duration;

/**
 * What one call to a channel came to: delivered; failed for now (5xx, 429, a timeout, no connection), to be tried again, after
 * {@code retryAfter} when the platform said; or refused for good (a 4xx, a URL that may not be called).
 *
 * @param status
 *            the HTTP status, 0 when there was no answer
 * @param error
 *            what the platform said (or why there was no call), null when delivered
 */
public record SendResult(Outcome outcome, int status, String error, Duration retryAfter, long millis) {

    public enum Outcome {
        DELIVERED, RETRY, REFUSED
    }

    public static SendResult delivered(int status, long millis) {
        return new SendResult(Outcome.DELIVERED, status, null, null, millis);
    }

    public static SendResult retry(int status, String error, Duration retryAfter, long millis) {
        return new SendResult(Outcome.RETRY, status, error, retryAfter, millis);
    }

    public static SendResult refused(int status, String error, long millis) {
        return new SendResult(Outcome.REFUSED, status, error, null, millis);
    }

    /** Refused before any call was made: nothing is configured to deliver it, or its URL may not be called. */
    public static SendResult undeliverable(String reason) {
        return refused(0, reason, 0);
    }
}
