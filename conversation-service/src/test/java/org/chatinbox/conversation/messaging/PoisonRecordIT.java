package org.chatinbox.conversation.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.chatinbox.events.Topics;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** A record that is not a contract event goes to the dead-letter topic with its reason; the records after it still apply. */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "conversation_test"))
class PoisonRecordIT {

    @Test
    void poisonRecordIsDeadLetteredAndLaterRecordsStillApply() {
        String conv = Channel.newConversation();
        try (TopicProbe dlq = TopicProbe.open(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.deadLetter(Topics.MESSAGES)); Channel channel = new Channel()) {
            channel.sendRaw(conv, "{\"specversion\": \"1.0\", this is not json".getBytes(StandardCharsets.UTF_8));
            channel.send(Channel.visitor(conv, "m1", "still here", Instant.parse("2026-11-22T10:15:30Z")));

            // other services reading the topic in the same build dead-letter it on their own
            ConsumerRecord<String, byte[]> dead = dlq.await(r -> conv.equals(r.key()) && r.headers()
                    .lastHeader("dead-letter-service") != null && "conversation-service".equals(new String(
                            r.headers().lastHeader("dead-letter-service").value(), StandardCharsets.UTF_8)),
                    1).get(0);
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .contains("malformed JSON");
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("this is not json");
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                    .header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", "demo")
                    .get("/api/v1/conversations/" + conv).then().statusCode(200));
        }
    }
}
