package org.chatinbox.events;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The names of one JSON object read so far, refusing a name given twice as Jackson's {@code STRICT_DUPLICATE_DETECTION} does,
 * at a fraction of its cost: objects of events are small, so a short array compared by identity first (the parser hands out
 * canonical names) beats a hash set per object; a set takes over past 16 names, so a huge object stays linear.
 */
final class FieldNames {

    private static final int LINEAR = 16;

    private String[] names = new String[8];
    private int size;
    private Set<String> many;

    void add(JsonParser parser, String name) throws JsonParseException {
        if (many != null) {
            if (!many.add(name)) {
                throw duplicate(parser, name);
            }
            return;
        }
        for (int i = 0; i < size; i++) {
            String seen = names[i];
            if (seen == name || seen.equals(name)) {
                throw duplicate(parser, name);
            }
        }
        if (size == LINEAR) {
            many = new HashSet<>(Arrays.asList(names));
            many.add(name);
            return;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, LINEAR);
        }
        names[size++] = name;
    }

    /** Skips the value the parser stands on, checking the names of every object inside it. */
    static void skipChecked(JsonParser parser) throws java.io.IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            FieldNames names = new FieldNames();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                names.add(parser, parser.currentName());
                parser.nextToken();
                skipChecked(parser);
            }
        } else if (token == JsonToken.START_ARRAY) {
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                skipChecked(parser);
            }
        }
    }

    private static JsonParseException duplicate(JsonParser parser, String name) {
        // Jackson's own wording, so that a client sees the same reason on every path
        return new JsonParseException(parser, "Duplicate field '" + name + "'");
    }
}
