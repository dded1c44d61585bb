package org.chatinbox.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Validation;

import org.chatinbox.events.data.MessageCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one rule of what the contract accepts, as ingest and every consumer apply it: strict JSON types, text every store can
 * hold, times in range, addressable ids, limits in characters. Each refusal names the field, in the product's words.
 */
class ContractRuleTest {

    private final EventCodec codec = new EventCodec(Validation.buildDefaultValidatorFactory().getValidator(),
            Duration.ofHours(24));

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "data.sender.role       | 1",
            "data.sender.role       | '\"1\"'",
            "data.text              | 12345",
            "data.text              | true",
            "data.channel           | 5",
            "data.conversationId    | 12345",
            "data.conversationId    | '\"..\"'",
            "data.conversationId    | '\".\"'",
            "data.messageId         | '\"..\"'",
            "data.workspaceId       | '\".\"'",
            "data.text              | '\"a\\u0000b\"'",
            "data.sender.name       | '\"Da\\u0000na\"'",
            "data.text              | '\"lone \\ud800 surrogate\"'",
            "data.text              | '\"\\udc00 first\"'",
            "time                   | 1700000000",
            "time                   | '\"+999999999-12-31T23:59:59Z\"'",
            "time                   | '\"9999-01-01T00:00:00Z\"'",
            "time                   | '\"1999-12-31T23:59:59Z\"'",
            "time                   | '\"\"'",
            "data.bot.fallback      | '\"true\"'",
            "data.bot.fallback      | 1",
            "data.bot.confidence    | '\"0.9\"'",
            "id                     | 42",
            "id                     | '\"a\\u0000\"'"})
    void refusesAndNamesTheField(String field, String json) throws Exception {
        ObjectNode event = example();
        set(event, field, EventJson.mapper().readTree(json));

        assertThat(errorsOf(bytes(event))).as("bytes").extracting(FieldError::field).containsExactly(field);
        assertThat(errorsOf(event)).as("tree").extracting(FieldError::field).containsExactly(field);
        assertThat(errorsOf(bytes(event))).extracting(FieldError::message)
                .noneMatch(m -> m.contains("com.fasterxml") || m.contains("Jackson") || m.contains("java."));
    }

    @Test
    void aTimeMoreThanADayAheadIsRefusedAndOneHourAheadAccepted() throws Exception {
        ObjectNode event = example();
        event.put("time", Instant.now().plus(Duration.ofHours(25)).toString());
        assertThat(errorsOf(bytes(event))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("2000-01-01T00:00:00Z", "24 hours from now"));

        event.put("time", Instant.now().plus(Duration.ofHours(1)).toString());
        assertThat(codec.decode(bytes(event)).time()).isAfter(Instant.now());
    }

    @Test
    void theTextLimitCountsCharactersNotUtf16Units() throws Exception {
        String emoji = "\uD83D\uDE00";
        ObjectNode event = example();
        ((ObjectNode) event.get("data")).put("text", emoji.repeat(MessageCreated.MAX_TEXT_LENGTH));
        assertThat(((MessageCreated) codec.decode(bytes(event)).data()).text()).hasSize(2 * MessageCreated.MAX_TEXT_LENGTH);

        ((ObjectNode) event.get("data")).put("text", emoji.repeat(MessageCreated.MAX_TEXT_LENGTH + 1));
        assertThat(errorsOf(bytes(event))).extracting(FieldError::field).containsExactly("data.text");
    }

    @Test
    void aLeadingByteOrderMarkIsRefusedNotStripped() throws Exception {
        byte[] json = bytes(example());
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(errorsOf(withBom)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("byte order mark"));
        assertThatThrownBy(() -> codec.readBatch(("\uFEFF[" + new String(json, StandardCharsets.UTF_8) + "]")
                .getBytes(StandardCharsets.UTF_8), 10)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("byte order mark");
    }

    @Test
    void malformedJsonIsExplainedWithoutTheParsersAdvice() {
        byte[] json = "{\"specversion\": NaN}".getBytes(StandardCharsets.UTF_8);
        assertThat(errorsOf(json)).singleElement().satisfies(e -> assertThat(e.message()).startsWith("malformed JSON at line 1")
                .doesNotContain("JsonReadFeature", "enable", "`"));
    }

    @Test
    void theRuleHoldsInsideABatchWithTheElementNamed() throws Exception {
        ObjectNode bad = example();
        set(bad, "data.text", EventJson.mapper().readTree("\"a\\u0000b\""));
        byte[] batch = ("[" + new String(bytes(example()), StandardCharsets.UTF_8) + ","
                + new String(bytes(bad), StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.readBatch(batch, 10)).isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("[1].data.text"));
    }

    private static ObjectNode example() throws Exception {
        return (ObjectNode) EventJson.mapper().readTree(EventCodecTest.example());
    }

    private static byte[] bytes(JsonNode event) throws Exception {
        return EventJson.mapper().writeValueAsBytes(event);
    }

    private static void set(ObjectNode event, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = event;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.set(parts[parts.length - 1], value);
    }

    private List<FieldError> errorsOf(byte[] json) {
        try {
            codec.decode(json);
        } catch (InvalidEventException e) {
            return e.errors();
        }
        throw new AssertionError("the event was accepted: " + new String(json, StandardCharsets.UTF_8));
    }

    private List<FieldError> errorsOf(JsonNode event) {
        return EventCodecTest.errorsOf(codec, event);
    }
}
