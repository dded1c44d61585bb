package org.chatinbox.conversation.messaging;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;

import io.restassured.specification.RequestSpecification;

/** A workspace's stream of messages on Kafka, spread over conversations, and what the service from its jar stored of it. */
record TestStream(String kafka, String workspace, int conversations) {

    /**
     * Messages {@code from} to {@code to} of the stream (message i in conversation i mod conversations), acknowledged by Kafka.
     */
    void produce(int from, int to) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            Instant start = Instant.parse("2026-11-22T10:00:00Z");
            for (int i = from; i < to; i++) {
                String conversation = workspace + "-conv-" + (i % conversations);
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

    long stored(String url) {
        return stored(url, workspace);
    }

    RequestSpecification inbox(String url) {
        return inbox(url, workspace);
    }

    /** Messages stored for a workspace, by the conversations' counters; 0 while the service is down. */
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

    /** A request to the service as the gateway makes it, for a workspace. */
    static RequestSpecification inbox(String url, String workspace) {
        return given().baseUri(url).header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace);
    }
}
