package org.chatinbox.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private final ObjectMapper mapper = EventJson.mapper();
    private final Validator validator;

    public EventCodec(Validator validator) {
        this.validator = validator;
    }

    /** Parses one structured-mode event. */
    public CloudEvent<?> decode(byte[] json) throws InvalidEventException {
        if (json.length > MAX_EVENT_BYTES) {
            throw new InvalidEventException(List.of(tooLarge(json.length)));
        }
        return decode(json, 0, json.length);
    }

    /**
     * The fast path binds the bytes straight to the event's class, found by a look at the top-level {@code type}; only an event
     * it cannot bind takes the tree path, which names each bad field. Both paths accept exactly the same events (same mapper,
     * same validation), the fast one without building a tree first.
     */
    private CloudEvent<?> decode(byte[] json, int offset, int length) throws InvalidEventException {
        Optional<EventType> type = peekType(json, offset, length);
        if (type.isPresent()) {
            CloudEvent<?> event = null;
            try {
                event = mapper.readValue(json, offset, length, javaType(type.get()));
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

    /** The top-level {@code type}, scanned without reading the rest: nested values are skipped, not parsed into objects. */
    private Optional<EventType> peekType(byte[] json, int offset, int length) {
        try (JsonParser parser = mapper.createParser(json, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? EventType.of(parser.getText()) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private JavaType javaType(EventType type) {
        return mapper.getTypeFactory().constructParametricType(CloudEvent.class, type.dataClass());
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
        List<int[]> elements = new ArrayList<>();
        // streamed, so each element's size is known from the parser's offsets without writing it out again
        try (JsonParser parser = mapper.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                if (first == null) {
                    throw new InvalidEventException(List.of(new FieldError("", "the body is empty")));
                }
                throw new InvalidEventException(List.of(new FieldError("", "must be a JSON array of events")));
            }
            int count = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (++count > maxEvents) {
                    parser.skipChildren(); // only counted, to say how many there were
                    continue;
                }
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                elements.add(new int[]{start, (int) parser.currentLocation().getByteOffset() - start});
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
        List<CloudEvent<?>> events = new ArrayList<>(elements.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            try {
                int[] slice = elements.get(i);
                if (slice[1] > MAX_EVENT_BYTES) {
                    throw new InvalidEventException(List.of(tooLarge(slice[1])));
                }
                events.add(decode(json, slice[0], slice[1]));
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
            throw malformed(e);
        }
    }

    /** Malformed JSON and invalid UTF-8 alike: Jackson's byte parser decodes strictly. */
    private static InvalidEventException malformed(IOException e) {
        String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        return new InvalidEventException(List.of(new FieldError("", "malformed JSON: " + reason)));
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
            return mapper.treeToValue(node, javaType(type.get()));
        } catch (JsonMappingException e) {
            errors.add(new FieldError(jsonPath(e), describe(e)));
            return null;
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("", e.getOriginalMessage()));
            return null;
        }
    }

    private List<FieldError> violations(CloudEvent<?> event) {
        return validator.validate(event).stream()
                .map(v -> new FieldError(propertyPath(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
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
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String allowed = Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(c -> EventJson.mapper().convertValue(c, String.class))
                    .collect(Collectors.joining(", "));
            return "must be one of " + allowed;
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "must be " + describeType(m.getTargetType());
        }
        return e.getOriginalMessage();
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
