package org.chatinbox.conversation.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Outage;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * PostgreSQL hung ({@code SIGSTOP}) for minutes while thousands of messages arrive: the service says it is not ready, keeps the
 * messages on Kafka, and stores every one once the database answers again. Nothing is dead-lettered for an outage.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "conversation_test"))
class DatabaseOutageIT {

    static final int CONVERSATIONS = 50;
    static final int MESSAGES_EACH = 100;

    @Test
    void fiveThousandMessagesSentWhilePostgresIsFrozenAreAllStoredAndNoneDeadLettered() throws Exception {
        String workspace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<MessageCreated>> messages = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        for (int i = 0; i < CONVERSATIONS * MESSAGES_EACH; i++) {
            messages.add(Channel.message(workspace, workspace + "-conv-" + (i % CONVERSATIONS), "m-" + i,
                    i % 2 == 0 ? Role.VISITOR : Role.BOT, "message " + i, t0.plusMillis(i), null));
        }
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicProbe dlq = TopicProbe.open(kafka, Topics.deadLetter(Topics.MESSAGES)); Channel channel = new Channel()) {
            Instant thawAt;
            try (AutoCloseable frozen = InboxTestStack.freeze("postgres")) {
                thawAt = Instant.now().plus(Outage.length());
                channel.sendAll(messages);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Outage.readiness() == 503);
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> "DOWN".equals(Outage.check("Kafka consumers storing their events")));
                // not ready for as long as the database is away
                Awaitility.await().during(Duration.between(Instant.now(), thawAt)).atMost(Outage.length().plusMinutes(1))
                        .until(() -> Outage.readiness() != 200);
            }
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> stored(workspace) == messages.size());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Outage.readiness() == 200);
            assertThat(dlq.arrived(r -> r.key() != null && r.key().startsWith(workspace))).as("dead-lettered").isEmpty();
        }
    }

    /** Messages stored for the workspace, by the conversations' counters. */
    static long stored(String workspace) {
        var response = given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .queryParam("limit", 100).get("/api/v1/conversations");
        if (response.statusCode() != 200) {
            return -1;
        }
        return response.jsonPath().getList("items.messageCount", Integer.class).stream().mapToLong(Integer::longValue).sum();
    }
}
