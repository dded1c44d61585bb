package org.chatinbox.conversation.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * The service's own jar, killed ({@code SIGKILL}) in the middle of a stream of 10,000 events (the rest arrives while it is
 * down) and started again: every message is there exactly once. Offsets are committed only after the database, and the writes
 * are idempotent, so what was in flight at the crash is replayed without a duplicate.
 */
class CrashRecoveryIT {

    /** The service from its jar is a second read model beside this module's own application: see the module's pom. */
    @AfterAll
    static void stopTheService() {
        InboxTestStack.kill("conversation-service");
    }

    static final int CONVERSATIONS = 50;
    static final int MESSAGES_EACH = 200;
    static final int TOTAL = CONVERSATIONS * MESSAGES_EACH;

    @Test
    void killedInTheMiddleOfTenThousandEventsAndRestartedFindsExactlyTenThousandMessages() throws Exception {
        String kafka = InboxTestStack.infrastructure().kafkaBootstrapServers();
        String url = InboxTestStack.services("conversation-service").get("conversation-service");
        String workspace = "crash-" + UUID.randomUUID().toString().substring(0, 8);

        // the first half goes out; the service is killed as soon as it has stored some of it, the rest is sent while it is down
        produce(kafka, workspace, 0, TOTAL / 2);
        // read while the service still answers: what it had stored just before the kill
        AtomicLong atCrash = new AtomicLong();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> atCrash.updateAndGet(previous -> stored(url, workspace)) > 0);
        InboxTestStack.kill("conversation-service");
        produce(kafka, workspace, TOTAL / 2, TOTAL);

        InboxTestStack.services("conversation-service");
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> stored(url, workspace) >= TOTAL);
        assertThat(atCrash.get()).as("messages stored just before the kill").isPositive().isLessThan(TOTAL);
        assertThat(stored(url, workspace)).isEqualTo(TOTAL);
        JsonPath page = inbox(url, workspace).queryParam("limit", 100).get("/api/v1/conversations").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("items.messageCount", Integer.class)).hasSize(CONVERSATIONS).containsOnly(MESSAGES_EACH);
    }

    /** Messages {@code from} to {@code to} of the stream, acknowledged by Kafka when this returns. */
    static void produce(String kafka, String workspace, int from, int to) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            Instant start = Instant.parse("2026-11-22T10:00:00Z");
            for (int i = from; i < to; i++) {
                String conversation = workspace + "-conv-" + (i % CONVERSATIONS);
                MessageCreated data = new MessageCreated(workspace, "support-bot", "web", conversation, "m-" + i,
                        new Sender(i % 2 == 0 ? Role.VISITOR : Role.BOT, "v", null), "message " + i, null, null, null);
                CloudEvent<MessageCreated> event = CloudEvent.of("evt-" + UUID.randomUUID(), "/tests", start.plusMillis(i),
                        data);
                producer.send(new ProducerRecord<>(event.topic(), null, event.key(),
                        EventJson.mapper().writeValueAsBytes(event),
                        List.of(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages stored for the workspace, by the conversations' counters; 0 while the service is down. */
    static long stored(String url, String workspace) {
        try {
            var response = inbox(url, workspace).queryParam("limit", 100).get("/api/v1/conversations");
            if (response.statusCode() != 200) {
                return 0;
            }
            return response.jsonPath().getList("items.messageCount", Integer.class).stream().mapToLong(Integer::longValue)
                    .sum();
        } catch (Exception e) {
            return 0; // refused while it is down or starting (REST Assured rethrows the connect failure unchecked)
        }
    }

    static io.restassured.specification.RequestSpecification inbox(String url, String workspace) {
        return given().baseUri(url).header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace);
    }
}
