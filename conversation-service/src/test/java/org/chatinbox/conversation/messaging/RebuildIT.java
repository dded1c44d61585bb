package org.chatinbox.conversation.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chatinbox.conversation.messaging.TestStream.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.BotReply;
import org.chatinbox.events.data.EventData;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.Outcome;
import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.events.data.Session;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The read model dropped and rebuilt from the topics ({@code inbox rebuild}) answers exactly what it answered before: the list,
 * the counts, and each conversation, its messages and its history, including status and label changes made through the API and
 * a conversation a visitor reopened.
 */
class RebuildIT {

    /** The service from its jar is a second read model beside this module's own application: see the module's pom. */
    @AfterAll
    static void stopTheService() {
        InboxTestStack.kill("conversation-service");
    }

    static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void aDroppedReadModelReplayedFromTheTopicsAnswersAsBefore() throws Exception {
        String kafka = InboxTestStack.infrastructure().kafkaBootstrapServers();
        String url = InboxTestStack.services("conversation-service").get("conversation-service");
        String workspace = "rebuild-" + UUID.randomUUID().toString().substring(0, 8);
        String reopened = workspace + "-reopened";
        String handedOff = workspace + "-handed-off";
        String snoozed = workspace + "-snoozed";

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            Session lyon = new Session("203.0.113.7", null, "Lyon", "FR", "fr-FR", null, "mobile", "Safari", "iOS");
            send(producer, "e1", T0, message(workspace, reopened, "m1", Role.VISITOR, "my parcel is late", lyon));
            send(producer, "e2", T0.plusSeconds(2), new MessageCreated(workspace, "support-bot", "web", reopened, "m2",
                    new Sender(Role.BOT, "support-bot", null), "Sorry, I did not get that.", new BotReply(true, null, null),
                    null, null));
            // arrives late, and then again with a new id: the history is by time, and it is one message
            send(producer, "e3", T0.plusSeconds(1), message(workspace, reopened, "m1b", Role.VISITOR, "order 1042", null));
            send(producer, "e3-retry", T0.plusSeconds(1),
                    message(workspace, reopened, "m1b", Role.VISITOR, "order 1042", null));
            send(producer, "e4", T0.plusSeconds(3), new FeedbackRecorded(workspace, reopened, "m2", Rating.UNHELPFUL, null));

            send(producer, "e5", T0, message(workspace, handedOff, "m1", Role.VISITOR, "I want a human", null));
            send(producer, "e6", T0.plusSeconds(1), new HandoffRequested(workspace, handedOff, "visitor asked"));
            send(producer, "e7", T0.plusSeconds(5),
                    new HandoffChanged(workspace, handedOff, Mode.HUMAN, "alice", false, "alice", "takeover", null));
            send(producer, "e8", T0.plusSeconds(5),
                    new AssignmentChanged(workspace, handedOff, "alice", null, "alice", "takeover"));

            send(producer, "e9", T0, message(workspace, snoozed, "m1", Role.VISITOR, "call me tomorrow", null));
            send(producer, "e10", T0.plusSeconds(9), new SummaryUpdated(workspace, snoozed, "Visitor wants a call.",
                    List.of("call"), "callback", Outcome.UNANSWERED, 1, T0.plusSeconds(9), "extractive"));
            awaitMessages(url, workspace, 5);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                String list = inbox(url, workspace).queryParam("limit", 100).get("/api/v1/conversations").asString();
                return list.contains("\"assignee\":\"alice\"") && list.contains("\"unhelpful\":1")
                        && inbox(url, workspace).get("/api/v1/conversations/" + snoozed).asString().contains("callback");
            });

            // status and labels through the API, and a visitor's new message reopening a resolved conversation
            agent(url, workspace).post("/api/v1/conversations/" + reopened + "/resolve").then().statusCode(200);
            agent(url, workspace).contentType("application/json").body("{\"labels\": [\"billing\", \"vip\"]}")
                    .put("/api/v1/conversations/" + handedOff + "/labels").then().statusCode(200);
            agent(url, workspace).contentType("application/json").body("{\"until\": \"2099-01-01T09:00:00Z\"}")
                    .post("/api/v1/conversations/" + snoozed + "/snooze").then().statusCode(200);
            send(producer, "e11", Instant.now(), message(workspace, reopened, "m3", Role.VISITOR, "still late", null));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "open".equals(
                    inbox(url, workspace).get("/api/v1/conversations/" + reopened).jsonPath().getString("status")));
            agent(url, workspace).contentType("application/json").body("{\"labels\": [\"vip\"]}")
                    .put("/api/v1/conversations/" + handedOff + "/labels").then().statusCode(200);
        }
        Map<String, String> before = answers(url, workspace, List.of(reopened, handedOff, snoozed));
        assertThat(before.get("history " + reopened)).contains("\"to\":\"resolved\"").contains("\"actor\":\"visitor\"");
        assertThat(before.get("list")).contains("\"needsHuman\":false").contains("\"labels\":[\"vip\"]");
        assertThat(before.get("detail " + handedOff)).contains("\"heldByHumanSeconds\":\"(held now)\"");

        long replayed = InboxTestStack.rebuild("conversation-service");

        assertThat(replayed).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(answers(url, workspace, List.of(reopened, handedOff, snoozed)))
                        .isEqualTo(before));
    }

    static MessageCreated message(String workspace, String conversation, String id, Role role, String text,
            Session session) {
        return new MessageCreated(workspace, "support-bot", "web", conversation, id, new Sender(role, "v-17", "Dana"), text,
                null, session, null);
    }

    static void send(KafkaProducer<String, byte[]> producer, String id, Instant time, EventData data) throws Exception {
        CloudEvent<?> event = CloudEvent.of(id + "-" + data.conversationId(), "/tests", time, data);
        producer.send(new ProducerRecord<>(event.topic(), null, event.key(), EventJson.mapper().writeValueAsBytes(event),
                List.of(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8))))).get();
    }

    /** Everything an agent sees of the workspace, as the service answers it. */
    static Map<String, String> answers(String url, String workspace, List<String> conversations) {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("list", inbox(url, workspace).queryParam("limit", 100).get("/api/v1/conversations").asString());
        answers.put("counts", agent(url, workspace).get("/api/v1/conversations/counts").asString());
        for (String conversation : conversations) {
            String path = "/api/v1/conversations/" + conversation;
            // a current hold grows by the second: the same hold, rebuilt, is what must compare equal
            answers.put("detail " + conversation, inbox(url, workspace).get(path).asString()
                    .replaceAll("\"heldByHumanSeconds\":\\d+", "\"heldByHumanSeconds\":\"(held now)\""));
            answers.put("messages " + conversation, inbox(url, workspace).get(path + "/messages").asString());
            answers.put("history " + conversation, inbox(url, workspace).get(path + "/history").asString());
        }
        return answers;
    }

    static void awaitMessages(String url, String workspace, long count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> TestStream.stored(url, workspace) >= count);
    }

    static io.restassured.specification.RequestSpecification agent(String url, String workspace) {
        return inbox(url, workspace).header("X-Inbox-Agent", "alice").header("X-Inbox-Roles", "agent");
    }
}
