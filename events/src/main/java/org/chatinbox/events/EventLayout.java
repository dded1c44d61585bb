package org.chatinbox.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Where an event lies in the bytes a channel sent: its bounds, its top-level {@code type} if that is a string, and the bounds
 * of its {@code data.session} (-1 when unknown). Found by one streamed pass that binds nothing, so that binding is the only
 * other read of the bytes and the event can be forwarded as it came.
 */
record EventLayout(int start, int end, String type, int sessionStart, int sessionEnd) {

    static final EventLayout UNKNOWN = new EventLayout(-1, -1, null, -1, -1);

    int length() {
        return end - start;
    }

    int sessionLength() {
        return sessionEnd - sessionStart;
    }

    /** The layout of one event, or {@link #UNKNOWN} when the scan cannot read it (binding then says what is wrong). */
    static EventLayout ofEvent(byte[] json) {
        try (JsonParser parser = parser(json)) {
            return parser.nextToken() == JsonToken.START_OBJECT ? scan(parser) : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** The layout of each element of a batch: a JSON array of 1 to {@code maxEvents} elements. */
    static List<EventLayout> ofBatch(byte[] json, int maxEvents) throws InvalidEventException {
        List<EventLayout> elements = new ArrayList<>();
        try (JsonParser parser = parser(json)) {
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
                    elements.add(new EventLayout(start, (int) parser.currentLocation().getByteOffset(), null, -1, -1));
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
            throw EventErrors.malformed(e);
        }
        if (elements.isEmpty()) {
            throw new InvalidEventException(List.of(new FieldError("", "must hold 1 to " + maxEvents + " events, not 0")));
        }
        return elements;
    }

    /**
     * Where the parts of the event the parser stands at (its {@code START_OBJECT}) lie: one streamed pass that reads only the
     * top-level {@code type} and skips every other value, noting on the way the bounds of the object and of its
     * {@code data.session} and refusing a name given twice in any object. The parser is left on the event's {@code END_OBJECT}.
     */
    static EventLayout scan(JsonParser parser) throws IOException {
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
        return new EventLayout(start, (int) parser.currentLocation().getByteOffset(), type, sessionStart, sessionEnd);
    }

    /** A parser for {@link #scan}, which checks for duplicate names itself. */
    static JsonParser parser(byte[] json) throws IOException {
        JsonParser parser = EventJson.mapper().createParser(json);
        parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return parser;
    }
}
