package org.chatinbox.events;

import java.io.IOException;

import org.chatinbox.events.validation.ContractRules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/**
 * Every string of an event: a JSON string (a number or a boolean is not turned into one), holding text every store of the suite
 * takes. PostgreSQL refuses U+0000 in text, and an unpaired surrogate cannot be written as UTF-8 at all.
 */
final class ContractStringDeserializer extends StdScalarDeserializer<String> {

    ContractStringDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (String) context.handleUnexpectedToken(String.class, parser);
        }
        String text = parser.getText();
        String problem = ContractRules.textProblem(text);
        if (problem != null) {
            throw InvalidFormatException.from(parser, problem, text, String.class);
        }
        return text;
    }
}
