package org.chatinbox.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Validation;

import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class EventCodecTest {

    private final EventCodec codec = new EventCodec(Validation.buildDefaultValidatorFactory().getValidator());

    @Test
    void contractExampleParsesIntoTypedRecords() throws Exception {
        CloudEvent<?> event = codec.decode(example());

        assertThat(event.id()).isEqualTo("evt-7f3c2a");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-22T10:15:30.120Z"));
        assertThat(event.key()).isEqualTo("conv-1042");
        assertThat(event.topic()).isEqualTo(Topics.MESSAGES);
        MessageCreated data = (MessageCreated) event.data();
        assertThat(data.sender().role()).isEqualTo(Role.VISITOR);
        assertThat(data.sender().name()).isEqualTo("Dana");
        assertThat(data.bot().intent()).isEqualTo("account.reset");
        assertThat(data.session().city()).isEqualTo("Lyon");
    }

    @Test
    void contractExampleRoundTripsUnchanged() throws Exception {
        byte[] original = example();
        byte[] written = codec.encode(codec.decode(original));

        JsonNode expected = EventJson.mapper().readTree(original);
        assertThat(EventJson.mapper().readTree(written)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "time", "specversion", "data", "data.workspaceId", "data.botId",
            "data.channel", "data.conversationId", "data.messageId", "data.sender", "data.sender.role", "data.text"})
    void eachMissingRequiredFieldIsReportedByName(String field) throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(example());
        remove(event, field);

        assertThat(errorsOf(event)).extracting(FieldError::field).contains(field);
    }

    @Test
    void textOverTheLimitIsRefused() throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(example());
        ((ObjectNode) event.get("data")).put("text", "x".repeat(MessageCreated.MAX_TEXT_LENGTH + 1));

        assertThat(errorsOf(event)).extracting(FieldError::field).containsExactly("data.text");
    }

    @Test
    void textAtTheLimitIsAccepted() throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(example());
        ((ObjectNode) event.get("data")).put("text", "x".repeat(MessageCreated.MAX_TEXT_LENGTH));

        assertThat(codec.decode(event).data()).isInstanceOf(MessageCreated.class);
    }

    @Test
    void eventOverTheSizeLimitIsRefusedBeforeParsing() {
        byte[] huge = new byte[EventCodec.MAX_EVENT_BYTES + 1];

        assertThatThrownBy(() -> codec.decode(huge)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("at most 262144");
    }

    @Test
    void unknownTypeIsReportedOnTheTypeField() throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(example());
        event.put("type", "inbox.message.deleted");

        assertThat(errorsOf(event)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("type");
            assertThat(e.message()).contains("inbox.message.created");
        });
    }

    @Test
    void unknownRoleNamesTheAllowedValues() throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(example());
        ((ObjectNode) event.at("/data/sender")).put("role", "robot");

        assertThat(errorsOf(event)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("data.sender.role");
            assertThat(e.message()).contains("visitor", "bot", "agent");
        });
    }

    @Test
    void badTimeIsReportedOnTheTimeField() throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(example());
        event.put("time", "yesterday");

        assertThat(errorsOf(event)).extracting(FieldError::field).containsExactly("time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"counts", "bulk", "has space", ""})
    void reservedOrMalformedConversationIdsAreRefused(String conversationId) throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(example());
        ((ObjectNode) event.get("data")).put("conversationId", conversationId);

        assertThat(errorsOf(event)).extracting(FieldError::field).containsExactly("data.conversationId");
    }

    @Test
    void idLongerThan128CharactersIsRefused() throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(example());
        ((ObjectNode) event.get("data")).put("workspaceId", "w".repeat(129));

        assertThat(errorsOf(event)).extracting(FieldError::field).containsExactly("data.workspaceId");
    }

    @Test
    void malformedJsonIsRefused() {
        assertThatThrownBy(() -> codec.decode("{\"id\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.errors()).singleElement()
                                .satisfies(error -> assertThat(error.message()).startsWith("malformed JSON")));
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        byte[] json = new String(example(), StandardCharsets.UTF_8).replace("Dana", "D\u00e9na")
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void duplicateKeysAreRefused() {
        byte[] json = "{\"id\":\"a\",\"id\":\"b\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    void aDuplicateNameDeepInsideAValidEventIsRefusedAloneAndInABatch() throws Exception {
        String event = new String(example(), StandardCharsets.UTF_8).replace("\"name\": \"Dana\"",
                "\"name\": \"Dana\", \"name\": \"Eve\"");
        assertThat(event).contains("\"Eve\"");

        assertThatThrownBy(() -> codec.decode(event.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("Duplicate field 'name'");
        assertThatThrownBy(() -> codec.decodeBatch(("[" + event + "]").getBytes(StandardCharsets.UTF_8), 10))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("Duplicate field 'name'");
    }

    @Test
    void aDuplicateNameIsFoundAmongManyFieldsAndInsideArrays() throws Exception {
        String event = new String(example(), StandardCharsets.UTF_8);
        StringBuilder extensions = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            extensions.append("\"x").append(i).append("\": ").append(i).append(", ");
        }
        String many = event.replaceFirst("\\{", "{" + extensions + "\"x3\": 0, ");
        String inArray = event.replaceFirst("\\{", "{\"ext\": [{\"a\": 1}, {\"b\": 1, \"b\": 2}], ");

        for (String json : List.of(many, inArray)) {
            assertThatThrownBy(() -> codec.decodeBatch(("[" + json + "]").getBytes(StandardCharsets.UTF_8), 10))
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("Duplicate field");
            assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("Duplicate field");
        }
        // the same extensions without the repeated name are accepted
        String distinct = event.replaceFirst("\\{", "{" + extensions);
        assertThat(codec.decode(distinct.getBytes(StandardCharsets.UTF_8)).id()).isEqualTo(codec.decode(example()).id());
    }

    @Test
    void contentAfterTheEventIsRefused() throws Exception {
        String event = new String(example(), StandardCharsets.UTF_8);

        for (String body : List.of(event + " {}", event + " x", event + event)) {
            assertThatThrownBy(() -> codec.decode(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("malformed JSON");
        }
        assertThat(codec.decode((event + " \n").getBytes(StandardCharsets.UTF_8)).id()).isNotBlank();
    }

    @Test
    void batchReportsEachBadEventByIndex() throws Exception {
        ArrayNode batch = EventJson.mapper().createArrayNode();
        batch.add(EventJson.mapper().readTree(example()));
        ObjectNode second = (ObjectNode) EventJson.mapper().readTree(example());
        ((ObjectNode) second.get("data")).remove("text");
        batch.add(second);
        ObjectNode third = (ObjectNode) EventJson.mapper().readTree(example());
        third.remove("id");
        batch.add(third);

        assertThatThrownBy(() -> codec.decodeBatch(EventJson.mapper().writeValueAsBytes(batch), 500))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field)
                                .containsExactly("[1].data.text", "[2].id"));
    }

    @Test
    void batchOverTheLimitIsRefusedWhole() throws Exception {
        ArrayNode batch = EventJson.mapper().createArrayNode();
        JsonNode event = EventJson.mapper().readTree(example());
        for (int i = 0; i < 3; i++) {
            batch.add(event);
        }

        assertThatThrownBy(() -> codec.decodeBatch(EventJson.mapper().writeValueAsBytes(batch), 2))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("1 to 2 events, not 3");
    }

    @Test
    void binaryModeReadsAttributesFromHeaders() throws Exception {
        JsonNode example = EventJson.mapper().readTree(example());
        var attributes = new java.util.LinkedHashMap<String, String>();
        List.of("specversion", "id", "source", "type", "time").forEach(a -> attributes.put(a, example.get(a).asText()));

        CloudEvent<?> event = codec.decodeBinary(attributes, EventJson.mapper().writeValueAsBytes(example.get("data")));

        assertThat(event.id()).isEqualTo("evt-7f3c2a");
        assertThat(((MessageCreated) event.data()).text()).isEqualTo("How do I reset my password?");
    }

    private static JsonNode node(byte[] json) throws IOException {
        return EventJson.mapper().readTree(json);
    }

    /** The example's attributes other than data and type, as JSON members. */
    private static String attributesOf(byte[] json) throws IOException {
        ObjectNode attributes = (ObjectNode) node(json);
        attributes.remove(List.of("data", "type"));
        String members = attributes.toString();
        return members.substring(1, members.length() - 1);
    }

    private List<FieldError> errorsOf(JsonNode event) {
        return errorsOf(codec, event);
    }

    /** The errors {@code codec} names for a parsed event it must refuse; used by the other codec tests too. */
    static List<FieldError> errorsOf(EventCodec codec, JsonNode event) {
        try {
            codec.decode(event);
        } catch (InvalidEventException e) {
            return e.errors();
        }
        throw new AssertionError("the event was accepted: " + event);
    }

    private static void remove(ObjectNode event, String dottedField) {
        String[] parts = dottedField.split("\\.");
        ObjectNode parent = event;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.remove(parts[parts.length - 1]);
    }

    static byte[] example() throws IOException {
        try (InputStream in = EventCodecTest.class.getResourceAsStream("/contract-example.json")) {
            return in.readAllBytes();
        }
    }
}
