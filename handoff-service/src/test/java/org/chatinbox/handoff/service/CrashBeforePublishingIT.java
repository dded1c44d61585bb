package org.chatinbox.handoff.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The service's own jar, killed ({@code SIGKILL}) after committing take-overs whose events it could not publish yet (Kafka
 * frozen meanwhile), and started again: every change reaches {@code inbox.handoff} exactly once, and no event announces a
 * change that is not there.
 */
class CrashBeforePublishingIT {

    static final int CONVERSATIONS = 30;
    static final int TAKEN = 20;

    @AfterAll
    static void stopTheService() {
        InboxTestStack.kill("handoff-service");
    }

    @Test
    void changesCommittedBeforeTheCrashArePublishedOnceAfterIt() throws Exception {
        String kafka = InboxTestStack.infrastructure().kafkaBootstrapServers();
        String url = InboxTestStack.services("handoff-service").get("handoff-service");
        String workspace = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.add(workspace + "-conv-" + i);
        }
        produce(kafka, workspace, conversations);
        for (String conversation : conversations) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(url, workspace, "x")
                    .get("/api/v1/conversations/" + conversation + "/handoff").then().statusCode(200));
        }

        try (TopicProbe handoff = TopicProbe.open(kafka, Topics.HANDOFF)) {
            try (AutoCloseable frozen = InboxTestStack.freeze("kafka")) {
                for (int i = 0; i < TAKEN; i++) {
                    as(url, workspace, "agent-" + i).post("/api/v1/conversations/" + conversations.get(i) + "/takeover")
                            .then().statusCode(200);
                }
                // the changes are committed, their events wait in the outbox: the crash comes now
                InboxTestStack.kill("handoff-service");
            }
            InboxTestStack.services("handoff-service");

            Predicate<ConsumerRecord<String, byte[]>> handoffChanged = r -> conversations.contains(r.key())
                    && text(r).contains("\"inbox.handoff.changed\"");
            handoff.await(handoffChanged, TAKEN);
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> handoff.arrived(handoffChanged).size() == TAKEN);
            for (ConsumerRecord<String, byte[]> record : handoff.arrived(handoffChanged)) {
                JsonPath event = JsonPath.from(text(record));
                int index = conversations.indexOf(record.key());
                assertThat(index).as("an event of a conversation taken over").isLessThan(TAKEN);
                JsonPath state = as(url, workspace, "x").get("/api/v1/conversations/" + record.key() + "/handoff").then()
                        .statusCode(200).extract().jsonPath();
                assertThat(state.getString("mode")).isEqualTo("HUMAN").isEqualTo(event.getString("data.mode"));
                assertThat(state.getString("holder")).isEqualTo("agent-" + index).isEqualTo(event.getString("data.holder"));
            }
            for (String untouched : conversations.subList(TAKEN, CONVERSATIONS)) {
                as(url, workspace, "x").get("/api/v1/conversations/" + untouched + "/handoff").then().statusCode(200)
                        .body("mode", org.hamcrest.Matchers.equalTo("BOT"));
            }
        }
    }

    static void produce(String kafka, String workspace, List<String> conversations) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (String conversation : conversations) {
                MessageCreated data = new MessageCreated(workspace, "support-bot", "web", conversation, "m-1",
                        new Sender(Role.VISITOR, "v", null), "hello?", null, null, null);
                CloudEvent<MessageCreated> event = CloudEvent.of("evt-" + UUID.randomUUID(), "/tests",
                        Instant.parse("2026-11-22T10:00:00Z"), data);
                producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.mapper().writeValueAsBytes(event)));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification as(String url, String workspace, String agent) {
        return given().baseUri(url).header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .header("X-Inbox-Agent", agent).header("X-Inbox-Roles", "agent");
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
