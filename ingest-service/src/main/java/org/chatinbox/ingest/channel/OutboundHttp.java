package org.chatinbox.ingest.channel;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** What every outbound call shares: its JSON body, its idempotency key, and reading the platform's answer. */
public final class OutboundHttp {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    /** The platform's error as {@code inbox.delivery.updated} carries it (at most 2,048 characters). */
    static final int MAX_ERROR = 2000;

    private OutboundHttp() {
    }

    /** A POST of JSON, with the outbound event's id as {@code Idempotency-Key}: a retry of a call is recognisably the same. */
    static HttpRequest.Builder post(URI uri, String contentType, byte[] body, String idempotencyKey, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", contentType)
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A JSON object of these keys and values, in this order: a call sent again is the same bytes. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the platform said, in its own words where it has them: Telegram's {@code description}, the Graph API's
     * {@code error.message}, else the start of the body.
     */
    public static String error(String platform, int status, String body) {
        String said = body;
        JsonNode json = parse(body);
        if (json.path("description").isTextual()) {
            said = json.path("description").asText();
        } else if (json.path("error").path("message").isTextual()) {
            said = json.path("error").path("message").asText();
        }
        String error = platform + " answered " + status + (said.isBlank() ? "" : ": " + said.strip());
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "\u2026";
    }

    /** {@code Retry-After} in seconds or as an HTTP date, else Telegram's {@code parameters.retry_after}. */
    public static Optional<Duration> retryAfter(HttpHeaders headers, String body, Instant now) {
        Optional<String> header = headers.firstValue("Retry-After").map(String::strip);
        if (header.isPresent()) {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.get()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        }
        JsonNode seconds = parse(body).path("parameters").path("retry_after");
        return seconds.isIntegralNumber() ? Optional.of(Duration.ofSeconds(seconds.asLong())) : Optional.empty();
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
            return json == null ? MissingNode.getInstance() : json;
        } catch (java.io.IOException e) {
            // not JSON: the body as it is
            return MissingNode.getInstance();
        }
    }
}
