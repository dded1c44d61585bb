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

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
            throw new InvalidEventException(List.of(tooLarge(json.length)));
        }
        refuseByteOrderMark(json);
        Layout layout;
        try (JsonParser parser = scanParser(json)) {
            layout = parser.nextToken() == JsonToken.START_OBJECT ? scan(parser) : Layout.UNKNOWN;
        } catch (IOException e) {
            layout = Layout.UNKNOWN; // the tree path below says what is wrong
        }
        // the whole body is bound, so that content after the event is refused, not cut off
        CloudEvent<?> event = decode(json, 0, json.length, layout.type);
        return layout.start < 0
                ? new ReceivedEvent(event, json, 0, json.length, -1, -1)
                : new ReceivedEvent(event, json, layout.start, layout.end - layout.start, layout.sessionStart,
                        layout.sessionEnd - layout.sessionStart);
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

    /**
     * Where the parts of the event the parser stands at (its {@code START_OBJECT}) lie: one streamed pass that reads only the
     * top-level {@code type} and skips every other value, noting on the way the bounds of the object and of its
     * {@code data.session} and refusing a name given twice in any object. The parser is left on the event's {@code END_OBJECT}.
     */
    private static Layout scan(JsonParser parser) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        String type = null;
        int sessionStart = -1;
        int sessionEnd = -1;
        FieldNames names = new FieldNames();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            names.add(parser, name);
            JsonToken value = parser.nextToken();
            if ("type".equals(name) && value == JsonToken.VALUE_STRING) {
                type = parser.getText();
            } else if ("data".equals(name) && value == JsonToken.START_OBJECT) {
                FieldNames dataNames = new FieldNames();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    dataNames.add(parser, field);
                    if (parser.nextToken() == JsonToken.START_OBJECT && "session".equals(field)) {
                        sessionStart = (int) parser.currentTokenLocation().getByteOffset();
                        FieldNames.skipChecked(parser);
                        sessionEnd = (int) parser.currentLocation().getByteOffset();
                    } else {
                        FieldNames.skipChecked(parser);
                    }
                }
            } else {
                FieldNames.skipChecked(parser);
            }
        }
        return new Layout(start, (int) parser.currentLocation().getByteOffset(), type, sessionStart, sessionEnd);
    }

    /** A parser for {@link #scan}, which checks for duplicate names itself. */
    private JsonParser scanParser(byte[] json) throws IOException {
        JsonParser parser = mapper.createParser(json);
        parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return parser;
    }

    /** Byte offsets in the request (-1 when unknown) and the top-level {@code type} if it is a string. */
    private record Layout(int start, int end, String type, int sessionStart, int sessionEnd) {
        static final Layout UNKNOWN = new Layout(-1, -1, null, -1, -1);
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
        refuseByteOrderMark(json);
        List<Layout> elements = new ArrayList<>();
        // one streamed pass finds each element's bounds and type, so binding it is the only other read of its bytes
        try (JsonParser parser = scanParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                if (first == null) {
                    throw new InvalidEventException(List.of(new FieldError("", "the body is empty")));
                }
                throw new InvalidEventException(List.of(new FieldError("", "must be a JSON array of events")));
            }
            int count = 0;
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (++count > maxEvents) {
                    parser.skipChildren(); // only counted, to say how many there were
                    continue;
                }
                if (element == JsonToken.START_OBJECT) {
                    elements.add(scan(parser));
                } else {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    elements.add(new Layout(start, (int) parser.currentLocation().getByteOffset(), null, -1, -1));
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidEventException(List.of(new FieldError("", "malformed JSON: content after the array")));
            }
            if (count > maxEvents) {
                throw new InvalidEventException(
                        List.of(new FieldError("", "must hold 1 to " + maxEvents + " events, not " + count)));
            }
        } catch (IOException e) {
            throw malformed(e);
        }
        if (elements.isEmpty()) {
            throw new InvalidEventException(List.of(new FieldError("", "must hold 1 to " + maxEvents + " events, not 0")));
        }
        List<ReceivedEvent> events = new ArrayList<>(elements.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            try {
                Layout layout = elements.get(i);
                int length = layout.end - layout.start;
                if (length > MAX_EVENT_BYTES) {
                    throw new InvalidEventException(List.of(tooLarge(length)));
                }
                CloudEvent<?> event = decode(json, layout.start, length, layout.type);
                events.add(new ReceivedEvent(event, json, layout.start, length, layout.sessionStart,
                        layout.sessionEnd - layout.sessionStart));
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
        refuseByteOrderMark(data);
        ObjectNode node = mapper.createObjectNode();
        attributes.forEach(node::put);
        node.set("data", readTree(data));
        return decode(node);
    }

    /**
     * The JSON of a received message with its {@code data.session} replaced: the bytes as they came, with only the session
     * object written anew. Writing the whole event again was a fifth of the ingest CPU.
     */
    public byte[] encodeWithSession(ReceivedEvent received, Session session) {
        if (!(received.event().data() instanceof MessageCreated message)) {
            throw new IllegalArgumentException("event " + received.event().id() + " is not a message; it has no session");
        }
        if (received.sessionLength() <= 0) {
            return encode(received.event().withData(message.withSession(session)));
        }
        byte[] replacement = encodeValue(session);
        byte[] source = received.source();
        int head = received.sessionOffset() - received.offset();
        int tailStart = received.sessionOffset() + received.sessionLength();
        int tail = received.offset() + received.length() - tailStart;
        byte[] json = new byte[head + replacement.length + tail];
        System.arraycopy(source, received.offset(), json, 0, head);
        System.arraycopy(replacement, 0, json, head, replacement.length);
        System.arraycopy(source, tailStart, json, head + replacement.length, tail);
        return json;
    }

    private byte[] encodeValue(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
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
            throw malformed(e);
        }
    }

    /**
     * Refused rather than stripped: a byte order mark is no part of JSON on the wire (RFC 8259 §8.1), and a channel that sends
     * one is told so instead of having its bytes changed.
     */
    private static void refuseByteOrderMark(byte[] json) throws InvalidEventException {
        if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF) {
            throw new InvalidEventException(
                    List.of(new FieldError("", "must not start with a byte order mark (U+FEFF): send plain UTF-8")));
        }
    }

    /** Malformed JSON and invalid UTF-8 alike: Jackson's byte parser decodes strictly. */
    private static InvalidEventException malformed(IOException e) {
        String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        String where = e instanceof JsonProcessingException p && p.getLocation() != null
                ? " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr()
                : "";
        return new InvalidEventException(List.of(new FieldError("", "malformed JSON" + where + ": " + plain(reason))));
    }

    /** A parser's message without its advice to the programmer (the feature that would allow it, the type it bound to). */
    static String plain(String reason) {
        if (reason == null) {
            return "unreadable";
        }
        String text = reason.replaceAll("[:;]? *\\(?(enable|use) `?[A-Za-z]+(\\.[A-Z_]+)+`?[^)]*\\)?", "")
                .replaceAll("\\s*\\(for [^)]*\\)", "")
                .replaceAll("`?(com\\.fasterxml|java\\.|org\\.chatinbox)[\\w.$]*`?", "the value")
                .replace("\n", " ")
                .trim();
        return text.isEmpty() ? "unreadable" : text;
    }

    private static FieldError tooLarge(int size) {
        return new FieldError("", "the event is " + size + " bytes; at most " + MAX_EVENT_BYTES + " are allowed");
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
            errors.add(new FieldError(jsonPath(e), describe(e)));
            return null;
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("", plain(e.getOriginalMessage())));
            return null;
        }
    }

    private List<FieldError> violations(CloudEvent<?> event) {
        List<FieldError> errors = new ArrayList<>();
        validator.validate(event).forEach(v -> errors.add(new FieldError(propertyPath(v), v.getMessage())));
        Instant time = event.time();
        if (time != null && (time.isBefore(EARLIEST_TIME) || time.isAfter(Instant.now().plus(maxFuture)))) {
            errors.add(new FieldError("time", "must be from " + EARLIEST_TIME + " to " + describe(maxFuture)
                    + " from now"));
        }
        errors.sort(Comparator.comparing(FieldError::field));
        return errors;
    }

    private static String describe(Duration duration) {
        long hours = duration.toHours();
        return hours * 3600 == duration.getSeconds() ? hours + " hours" : duration.getSeconds() + " seconds";
    }

    private static String propertyPath(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(node.getName());
            }
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("must ")) {
            return e.getOriginalMessage(); // worded by the contract's own deserializers
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String allowed = Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(c -> EventJson.mapper().convertValue(c, String.class))
                    .collect(Collectors.joining(", "));
            return "must be one of " + allowed;
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "must be " + describeType(m.getTargetType());
        }
        return plain(e.getOriginalMessage());
    }

    private static String describeType(Class<?> type) {
        if (type == java.time.Instant.class) {
            return "an RFC 3339 time such as 2026-11-22T10:15:30.120Z";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
