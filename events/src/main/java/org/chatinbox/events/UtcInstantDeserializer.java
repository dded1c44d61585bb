package org.chatinbox.events;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * Reads the time every channel sends in practice, {@code 2026-11-22T10:15:30.120Z}, by its digits. The JSR-310 deserializer
 * goes through {@code DateTimeFormatter} and was an eighth of the ingest CPU; it still reads every other form (offsets, leap
 * seconds) and words every error, so what is accepted and how it is read stay exactly the same. Numbers are refused, and so is
 * a time no store of the suite can hold.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final InstantDeserializer<Instant> GENERAL = InstantDeserializer.INSTANT;

    UtcInstantDeserializer() {
        super(Instant.class);
    }

    /** The times every store of the suite can hold (PostgreSQL's {@code timestamptz} and Elasticsearch's {@code date}). */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            // a number is not a time on the wire: no epoch seconds or milliseconds guessed
            return (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }
        String text = parser.getText();
        Instant instant = parseUtc(text);
        if (instant == null) {
            instant = GENERAL.deserialize(parser, context);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw InvalidFormatException.from(parser, "must be a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z",
                    text, Instant.class);
        }
        return instant;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for anything else. */
    static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // such as February 30th: the general reader words the error
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number written by {@code count} ASCII digits from {@code start}, or -1. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
