package org.chatinbox.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class UtcInstantDeserializerTest {

    private final ObjectMapper events = EventJson.mapper();
    private final ObjectMapper general = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void readsUtcTimesExactlyAsTheGeneralReader() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime time = LocalDateTime.of(1970 + random.nextInt(130), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000));
            String text = time.toInstant(ZoneOffset.UTC).toString(); // 0, 3, 6 or 9 fraction digits
            assertThat(UtcInstantDeserializer.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T10:15:30Z", "2026-11-22T10:15:30.1Z", "2026-11-22T10:15:30.12Z",
            "2026-11-22T10:15:30.123456789Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z",
            // read by the general reader, not by the fast one
            "2026-11-22T10:15:30+01:00", "2026-11-22t10:15:30z", "2026-11-22T24:00:00Z", "2026-11-22T10:15:30.Z",
            "9999-12-31T23:59:59Z"})
    void everyTimeTheGeneralReaderAcceptsReadsTheSame(String text) throws Exception {
        String json = '"' + text + '"';
        assertThat(events.readValue(json, Instant.class)).isEqualTo(general.readValue(json, Instant.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:15:30Z", "2026-13-01T10:15:30Z", "2026-11-22T10:15:60Z",
            "2026-11-22T24:00:01Z", "2026-11-22T10:15:30.1234567890Z", "2026-11-22 10:15:30Z", "yesterday",
            "2026-1a-22T10:15:30Z"})
    void refusesWhatTheGeneralReaderRefuses(String text) {
        String json = '"' + text + '"';
        assertThatThrownBy(() -> general.readValue(json, Instant.class)).isInstanceOf(InvalidFormatException.class);
        assertThatThrownBy(() -> events.readValue(json, Instant.class)).isInstanceOf(InvalidFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"0001-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"", "\"+12026-11-22T10:15:30Z\"",
            "\"+999999999-12-31T23:59:59Z\"", "1700000000", "1700000000.5"})
    void refusesNumbersAndTimesNoStoreCanHold(String json) {
        assertThatThrownBy(() -> events.readValue(json, Instant.class)).isInstanceOf(MismatchedInputException.class);
    }
}
