package org.chatinbox.events;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * How the codec words what is wrong with an event: the field by its JSON path, the rule in the contract's words, never a
 * library's or a class's name (a channel's developer reads these in a {@code 400}).
 */
final class EventErrors {

    private EventErrors() {
    }

    /**
     * Refused rather than stripped: a byte order mark is no part of JSON on the wire (RFC 8259 §8.1), and a channel that sends
     * one is told so instead of having its bytes changed.
     */
    static void refuseByteOrderMark(byte[] json) throws InvalidEventException {
        if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF) {
            throw new InvalidEventException(
                    List.of(new FieldError("", "must not start with a byte order mark (U+FEFF): send plain UTF-8")));
        }
    }

    /** Malformed JSON and invalid UTF-8 alike: Jackson's byte parser decodes strictly. */
    static InvalidEventException malformed(IOException e) {
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

    /** An event over the contract's size limit. */
    static FieldError tooLarge(int size) {
        return new FieldError("", "the event is " + size + " bytes; at most " + EventCodec.MAX_EVENT_BYTES + " are allowed");
    }

    /** A duration as a channel developer reads it in an error: hours when whole, else seconds. */
    static String describe(Duration duration) {
        long hours = duration.toHours();
        return hours * 3600 == duration.getSeconds() ? hours + " hours" : duration.getSeconds() + " seconds";
    }

    /** A violation's path as the JSON path of the field ({@code data.sender.id}, {@code data.attachments[2].url}). */
    static String propertyPath(ConstraintViolation<?> violation) {
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

    /** Where Jackson stopped, as the JSON path of the field. */
    static String jsonPath(JsonMappingException e) {
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

    /** What the field must be, in the contract's words rather than the parser's. */
    static String describe(JsonMappingException e) {
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

    static String describeType(Class<?> type) {
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
