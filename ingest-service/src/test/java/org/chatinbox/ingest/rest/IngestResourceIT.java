package org.chatinbox.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.ingest.Events;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** {@code POST /api/v1/ingest/events} against the build's real Kafka: every answer, and exactly what reached the topic. */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "ingest_test"))
class IngestResourceIT {

    static final String EVENTS = "/api/v1/ingest/events";
    static final String SINGLE = CloudEvent.CONTENT_TYPE;
    static final String BATCH = CloudEvent.BATCH_CONTENT_TYPE;

    TopicProbe messages;
    String conversation;

    @BeforeEach
    void watchTopic() {
        messages = TopicProbe.open(bootstrapServers(), Topics.MESSAGES);
        conversation = Events.newConversation();
    }

    @AfterEach
    void closeProbe() {
        messages.close();
    }

    @Test
    void acceptedEventIsOnKafkaKeyedByConversationWithItsSessionEnriched() throws Exception {
        ObjectNode event = Events.message(conversation);
        post("demo-channel-key", SINGLE, event.toString()).statusCode(202).body("accepted", equalTo(1));

        List<ConsumerRecord<String, byte[]>> records = messages.await(r -> conversation.equals(r.key()), 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .isEqualTo(CloudEvent.CONTENT_TYPE);
        CloudEvent<MessageCreated> written = EventJson.mapper().readValue(record.value(),
                new TypeReference<CloudEvent<MessageCreated>>() {
                });
        assertThat(written.id()).isEqualTo(event.get("id").asText());
        assertThat(written.data().text()).isEqualTo("How do I reset my password?");
        assertThat(written.data().session().device()).isEqualTo("mobile");
        assertThat(written.data().session().browser()).isEqualTo("Safari");
        assertThat(written.data().session().os()).isEqualTo("iOS");
        assertThat(written.data().session().locale()).isEqualTo("fr-FR");
    }

    @Test
    void batchOfOneHundredIsAcceptedWhole() {
        post("demo-channel-key", BATCH, Events.batch(conversation, 100).toString()).statusCode(202)
                .body("accepted", equalTo(100));

        assertThat(messages.await(r -> conversation.equals(r.key()), 100)).hasSize(100);
    }

    @Test
    void malformedJsonIsRefusedAndWritesNothing() {
        post("demo-channel-key", SINGLE, "{\"specversion\": \"1.0\", ").statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].message", containsString("malformed JSON"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void missingRequiredFieldIsNamed() {
        ObjectNode event = Events.message(conversation);
        ((ObjectNode) event.get("data")).remove("messageId");
        post("demo-channel-key", SINGLE, event.toString()).statusCode(400)
                .body("errors.field", hasItem("data.messageId"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void unknownTypeIsNamed() {
        ObjectNode event = Events.message(conversation).put("type", "inbox.message.exploded");
        post("demo-channel-key", SINGLE, event.toString()).statusCode(400)
                .body("errors.field", hasItem("type"))
                .body("errors[0].message", containsString("unknown event type"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void eventOfAnotherServiceIsRefused() {
        ObjectNode event = Events.message(conversation).put("type", "inbox.handoff.changed");
        ObjectNode data = EventJson.mapper().createObjectNode().put("workspaceId", "demo")
                .put("conversationId", conversation).put("mode", "HUMAN").put("needsHuman", false);
        event.set("data", data);
        post("demo-channel-key", SINGLE, event.toString()).statusCode(400).body("errors.field", hasItem("type"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void textOverTheLimitIsRefused() {
        ObjectNode event = Events.message(conversation);
        ((ObjectNode) event.get("data")).put("text", "a".repeat(MessageCreated.MAX_TEXT_LENGTH + 1));
        post("demo-channel-key", SINGLE, event.toString()).statusCode(400)
                .body("errors.field", hasItem("data.text"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] broken = Events.message(conversation).toString().replace("How do I", "How @ I")
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < broken.length; i++) {
            if (broken[i] == '@') {
                broken[i] = (byte) 0xC3; // a two-byte sequence's lead byte followed by a space: not UTF-8
            }
        }
        given().header("X-API-Key", "demo-channel-key").contentType(SINGLE).body(broken)
                .post(EVENTS).then().statusCode(400).body("errors[0].message", containsString("malformed JSON"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void batchOfOneThousandIsRefusedWhole() {
        post("demo-channel-key", BATCH, Events.batch(conversation, 1000).toString()).statusCode(400)
                .body("errors[0].message", containsString("1 to 500 events"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void batchWithOneBadEventNamesItsIndexAndWritesNothing() {
        ArrayNode batch = Events.batch(conversation, 10);
        ((ObjectNode) batch.get(3).get("data")).remove("text");
        ((ObjectNode) batch.get(7)).put("time", "yesterday");
        post("demo-channel-key", BATCH, batch.toString()).statusCode(400)
                .body("errors.field", hasItem("[3].data.text"))
                .body("errors.field", hasItem("[7].time"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void requestWithoutKeyOrWithUnknownKeyIsUnauthorized() {
        given().contentType(SINGLE).body(Events.message(conversation).toString()).post(EVENTS).then()
                .statusCode(401).contentType("application/problem+json").body("detail", containsString("missing"));
        post("not-a-key", SINGLE, Events.message(conversation).toString()).statusCode(401);
        assertNothingWrittenFor(conversation);
    }

    @Test
    void keyOfWorkspaceOtherNamingDemoIsForbidden() {
        post("other-channel-key", SINGLE, Events.message(conversation).toString()).statusCode(403)
                .body("detail", containsString("'other', not 'demo'"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void keyLimitedToOneBotMayNotWriteForAnother() {
        ObjectNode sales = Events.message(conversation);
        ((ObjectNode) sales.get("data")).put("botId", "sales-bot");
        post("support-only-key", SINGLE, sales.toString()).statusCode(403).body("detail", containsString("sales-bot"));
        assertNothingWrittenFor(conversation);
    }

    @Test
    void otherMediaTypesAreUnsupported() {
        post("demo-channel-key", "text/plain", Events.message(conversation).toString()).statusCode(415)
                .contentType("application/problem+json");
        assertNothingWrittenFor(conversation);
    }

    @Test
    void eventOverTwoHundredFiftySixKibibytesIsTooLarge() {
        String padded = Events.message(conversation).toString().replace("{\"specversion\"",
                "{" + " ".repeat(300 * 1024) + "\"specversion\"");
        post("demo-channel-key", SINGLE, padded).statusCode(413).contentType("application/problem+json");
        assertNothingWrittenFor(conversation);
    }

    @Test
    void keyOverItsRateIsToldWhenToRetry() {
        // the limited key sends one event per second with a burst of one full batch
        post("test-rate-limited-key", BATCH, Events.batch(conversation, 500).toString()).statusCode(202);
        String refused = Events.newConversation();
        post("test-rate-limited-key", SINGLE, Events.message(refused).toString()).statusCode(429)
                .header("Retry-After", notNullValue())
                .contentType("application/problem+json");
        assertThat(messages.await(r -> conversation.equals(r.key()), 500)).hasSize(500);
        assertNothingWrittenFor(refused);
    }

    @Test
    void keyOverItsRateIsRefusedBeforeItsBodyIsRead() {
        // a key of its own: one event per second, a burst of one full batch, spent here
        post("test-flooding-key", BATCH, Events.batch(conversation, 500).toString()).statusCode(202);
        // a large body the parser would refuse (400) if it read it: the rate answers first
        String flood = "[" + "{\"specversion\": \"1.0\"},".repeat(20_000) + "{}]";
        post("test-flooding-key", BATCH, flood).statusCode(429).header("Retry-After", notNullValue())
                .contentType("application/problem+json");
        assertThat(messages.await(r -> conversation.equals(r.key()), 500)).hasSize(500);
    }

    @Test
    void kafkaThatCannotAcknowledgeGivesServiceUnavailableWithRetryAfter() throws Exception {
        try (AutoCloseable frozen = InboxTestStack.freeze("kafka")) {
            post("demo-channel-key", SINGLE, Events.message(conversation).toString()).statusCode(503)
                    .header("Retry-After", equalTo("5"))
                    .contentType("application/problem+json");
        }
        // once Kafka answers again, so does ingest
        String next = Events.newConversation();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> post("demo-channel-key", SINGLE, Events.message(next).toString()).statusCode(202));
        assertThat(messages.await(r -> next.equals(r.key()), 1)).isNotEmpty();
    }

    /**
     * A refused request left nothing on Kafka: a later valid event of the same conversation (same key, same partition) is the
     * only record of it once it arrives.
     */
    private void assertNothingWrittenFor(String conversationId) {
        ObjectNode sentinel = Events.message(conversationId);
        post("demo-channel-key", SINGLE, sentinel.toString()).statusCode(202);
        List<ConsumerRecord<String, byte[]>> records = messages.await(r -> conversationId.equals(r.key()), 1);
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).contains(sentinel.get("id").asText());
    }

    static ValidatableResponse post(String key, String contentType, String body) {
        return given().header("X-API-Key", key).contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8))
                .post(EVENTS).then();
    }

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
