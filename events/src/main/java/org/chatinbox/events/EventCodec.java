package org.chatinbox.events;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes contract events: JSON to {@link CloudEvent} with every contract rule checked (required fields, identifiers,
 * sizes), and back. Errors name the offending field by its JSON path.
 */
public final class EventCodec {

    /** One event at most 256 KiB (contract §2). */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    /** No chat of this product's channels is older than this: an earlier {@code time} is a channel's bug. */
    public static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");

    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofHours(24);

    private final ObjectMapper mapper = EventJson.mapper();
    private final Map<EventType, JavaType> javaTypes = new EnumMap<>(EventType.class);
    /**
     * Binders of the fast path, used on parsers without duplicate-name detection: the scan before every bind has checked the
     * same bytes (Jackson's detector, a hash set per object, was a fifth of the ingest CPU when it ran in both passes).
     */
    private final Map<EventType, ObjectReader> scannedReaders = new EnumMap<>(EventType.class);
    private final Validator validator;
    private final Duration maxFuture;

    /** A codec that accepts event times up to 24 hours ahead of this machine's clock. */
    public EventCodec(Validator validator) {
        this(validator, DEFAULT_MAX_FUTURE);
    }

    /**
     * @param maxFuture
     *            how far ahead of this machine's clock an event's {@code time} may be (a channel's clock may run ahead; a time
     *            years ahead would pin its conversation to the top of every inbox)
     */
    public EventCodec(Validator validator, Duration maxFuture) {
        this.validator = validator;
        this.maxFuture = maxFuture;
        for (EventType type : EventType.values()) {
            javaTypes.put(type, mapper.getTypeFactory().constructParametricType(CloudEvent.class, type.dataClass()));
            scannedReaders.put(type, mapper.readerFor(javaTypes.get(type)));
        }
    }

    /** Parses one structured-mode event. */
    public CloudEvent<?> decode(byte[] json) throws InvalidEventException {
        return read(json).event();
    }

    /** Parses one structured-mode event and keeps where its JSON lies, so that it can be forwarded as it came. */
    public ReceivedEvent read(byte[] json) throws InvalidEventException {
        if (json.length > MAX_EVENT_BYTES) {
            throw new InvalidEventException(List.of(EventErrors.tooLarge(json.length)));
        }
        EventErrors.refuseByteOrderMark(json);
        EventLayout layout = EventLayout.ofEvent(json);
        // the whole body is bound, so that content after the event is refused, not cut off
        CloudEvent<?> event = decode(json, 0, json.length, layout.type());
        return layout.start() < 0
                ? new ReceivedEvent(event, json, 0, json.length, -1, -1)
                : new ReceivedEvent(event, json, layout.start(), layout.length(), layout.sessionStart(),
                        layout.sessionLength());
    }

    /**
     * The fast path binds the bytes straight to the event's class, known from the top-level {@code type} found by the scan;
     * only an event it cannot bind takes the tree path, which names each bad field. Both paths accept exactly the same events
     * (same mapper, same validation), the fast one without building a tree first.
     */
    private CloudEvent<?> decode(byte[] json, int offset, int length, String typeName) throws InvalidEventException {
        // typeName comes from a scan that read these bytes without finding a duplicate name: only then is the fast path taken
        Optional<EventType> type = EventType.of(typeName);
        if (type.isPresent()) {
            CloudEvent<?> event = null;
            try {
                event = bindScanned(json, offset, length, scannedReaders.get(type.get()));
            } catch (IOException e) {
                // not bindable as it is: the tree path below says exactly why
            }
            if (event != null && type.get().type().equals(event.type())) {
                List<FieldError> violations = violations(event);
                if (!violations.isEmpty()) {
                    throw new InvalidEventException(violations);
                }
                return event;
            }
        }
        return decode(readTree(json, offset, length));
    }

    /**
     * Binds bytes the scan has checked, on a parser without Jackson's duplicate detector (the reader's own feature switch left
     * it on); null when anything follows the event, which the tree path then refuses.
     */
    private CloudEvent<?> bindScanned(byte[] json, int offset, int length, ObjectReader reader) throws IOException {
        try (JsonParser parser = mapper.createParser(json, offset, length)) {
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            CloudEvent<?> event = reader.readValue(parser);
            return parser.nextToken() == null ? event : null;
        }
    }

    /** Checks and maps one event that is already parsed, e.g. an element of a batch. */
    public CloudEvent<?> decode(JsonNode node) throws InvalidEventException {
        List<FieldError> errors = new ArrayList<>();
        CloudEvent<?> event = map(node, errors);
        if (event != null) {
            errors.addAll(violations(event));
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        return event;
    }

    /**
     * Parses a batch (a JSON array of structured-mode events). Every element is checked; the exception lists the errors of all
     * bad elements, each prefixed with its index.
     */
    public List<CloudEvent<?>> decodeBatch(byte[] json, int maxEvents) throws InvalidEventException {
        return readBatch(json, maxEvents).stream().<CloudEvent<?>>map(ReceivedEvent::event).toList();
    }

    /** {@link #decodeBatch}, keeping where each event's JSON lies in the request. */
    public List<ReceivedEvent> readBatch(byte[] json, int maxEvents) throws InvalidEventException {
        EventErrors.refuseByteOrderMark(json);
        // one streamed pass finds each element's bounds and type, so binding it is the only other read of its bytes
        List<EventLayout> elements = EventLayout.ofBatch(json, maxEvents);
        List<ReceivedEvent> events = new ArrayList<>(elements.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            try {
                EventLayout layout = elements.get(i);
                if (layout.length() > MAX_EVENT_BYTES) {
                    throw new InvalidEventException(List.of(EventErrors.tooLarge(layout.length())));
                }
                CloudEvent<?> event = decode(json, layout.start(), layout.length(), layout.type());
                events.add(new ReceivedEvent(event, json, layout.start(), layout.length(), layout.sessionStart(),
                        layout.sessionLength()));
            } catch (InvalidEventException e) {
                for (FieldError error : e.errors()) {
                    errors.add(error.inBatch(i));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        return events;
    }

    /**
     * Reads a binary-mode event: the attributes from {@code ce_*} headers (names without the prefix), the data as the record
     * value.
     */
    public CloudEvent<?> decodeBinary(Map<String, String> attributes, byte[] data) throws InvalidEventException {
        EventErrors.refuseByteOrderMark(data);
        ObjectNode node = mapper.createObjectNode();
        attributes.forEach(node::put);
        node.set("data", readTree(data));
        return decode(node);
    }

    public byte[] encode(CloudEvent<?> event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.id(), e);
        }
    }

    private JsonNode readTree(byte[] json) throws InvalidEventException {
        return readTree(json, 0, json.length);
    }

    private JsonNode readTree(byte[] json, int offset, int length) throws InvalidEventException {
        try {
            JsonNode node = mapper.readTree(json, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new InvalidEventException(List.of(new FieldError("", "the body is empty")));
            }
            return node;
        } catch (IOException e) {
            throw EventErrors.malformed(e);
        }
    }

    private CloudEvent<?> map(JsonNode node, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError("", "must be a JSON object"));
            return null;
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            errors.add(new FieldError("type", "must not be null"));
            return null;
        }
        var type = EventType.of(typeNode.asText());
        if (type.isEmpty()) {
            errors.add(new FieldError("type", "unknown event type '" + typeNode.asText() + "'; expected one of "
                    + Arrays.stream(EventType.values()).map(EventType::type).collect(Collectors.joining(", "))));
            return null;
        }
        try {
            return mapper.treeToValue(node, javaTypes.get(type.get()));
        } catch (JsonMappingException e) {
            errors.add(new FieldError(EventErrors.jsonPath(e), EventErrors.describe(e)));
            return null;
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("", EventErrors.plain(e.getOriginalMessage())));
            return null;
        }
    }

    private List<FieldError> violations(CloudEvent<?> event) {
        List<FieldError> errors = new ArrayList<>();
        validator.validate(event).forEach(v -> errors.add(new FieldError(EventErrors.propertyPath(v), v.getMessage())));
        Instant time = event.time();
        if (time != null && (time.isBefore(EARLIEST_TIME) || time.isAfter(Instant.now().plus(maxFuture)))) {
            errors.add(new FieldError("time", "must be from " + EARLIEST_TIME + " to " + EventErrors.describe(maxFuture)
                    + " from now"));
        }
        errors.sort(Comparator.comparing(FieldError::field));
        return errors;
    }

}
