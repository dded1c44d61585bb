package org.chatinbox.events;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.chatinbox.events.data.EventData;
import org.chatinbox.events.validation.Text;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A CloudEvents 1.0 event in structured JSON mode (contract §2). {@code id} is the idempotency key of every consumer.
 *
 * @param <T>
 *            the type of {@code data}, decided by {@code type}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"specversion", "id", "source", "type", "time", "subject", "datacontenttype", "data"})
public record CloudEvent<T extends EventData>(
        @NotNull @Pattern(regexp = "1\\.0", message = "must be 1.0") String specversion,
        @NotBlank @Text(max = 256) String id,
        @NotBlank @Text(max = 1024) String source,
        @NotBlank String type,
        @NotNull Instant time,
        @Text(max = 256) String subject,
        @Text(max = 128) String datacontenttype,
        @NotNull @Valid T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

    /** A new event of a producer of this suite: a random id, the type that fits the data, the conversation as subject. */
    public static <T extends EventData> CloudEvent<T> of(String source, T data) {
        return of(UUID.randomUUID().toString(), source, Instant.now(), data);
    }

    public static <T extends EventData> CloudEvent<T> of(String id, String source, Instant time, T data) {
        return new CloudEvent<>(SPEC_VERSION, id, source, EventType.of(data).type(), time, data.conversationId(),
                "application/json", data);
    }

    /** A copy with other data, keeping every attribute. */
    public <D extends EventData> CloudEvent<D> withData(D other) {
        return new CloudEvent<>(specversion, id, source, type, time, subject, datacontenttype, other);
    }

    /** The Kafka record key: the conversation, so that one conversation's events keep their order. */
    public String key() {
        return data.conversationId();
    }

    /** The topic the event belongs on. */
    public String topic() {
        return EventType.of(data).topic();
    }
}
