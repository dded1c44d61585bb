package org.chatinbox.ingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.OutboundKind;
import org.chatinbox.events.data.OutboundRequested;
import org.chatinbox.ingest.Events;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.FakePlatform;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Outage;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * PostgreSQL hung ({@code SIGSTOP}) for minutes while 500 replies are to be delivered: ingest-service stays ready and keeps
 * accepting events (that needs Kafka only), the replies wait on Kafka, and once the database answers again every one reaches
 * the bot's callback; none is dead-lettered for an outage.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "ingest_test"))
@QuarkusTestResource(FakePlatformResource.class)
class DeliveryOutageIT {

    static final int REPLIES = 500;

    @Test
    void repliesWaitingWhilePostgresIsFrozenAreAllDeliveredAndEventsAreStillAccepted() throws Exception {
        FakePlatform platform = FakePlatformResource.platform;
        String prefix = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<?>> replies = new ArrayList<>();
        for (int i = 0; i < REPLIES; i++) {
            replies.add(Channel.event(prefix + "-out-" + i, Instant.now(), new OutboundRequested("demo", "support-bot", "web",
                    prefix + "-conv-" + (i % 50), OutboundKind.MESSAGE, "m-" + i, "reply " + i, "alice")));
        }
        Set<String> ids = replies.stream().map(CloudEvent::id).collect(Collectors.toSet());
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicProbe dlq = TopicProbe.open(kafka, Topics.deadLetter(Topics.OUTBOUND)); Channel channel = new Channel()) {
            try (AutoCloseable frozen = InboxTestStack.freeze("postgres")) {
                Instant thawAt = Instant.now().plus(Outage.length());
                channel.sendAll(replies);
                // the deliveries' consumer says it waits for its store, and the service stays ready all the same
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> given().get("/q/health/ready").jsonPath()
                        .getString("checks.find { it.name == '" + Outage.CONSUMERS_CHECK + "' }.data.outbound") != null);
                given().header("X-API-Key", "demo-channel-key").contentType("application/cloudevents+json")
                        .body(Events.message(prefix + "-accepted").toString()).post("/api/v1/ingest/events").then()
                        .statusCode(202);
                Awaitility.await().during(Duration.between(Instant.now(), thawAt)).atMost(Outage.length().plusMinutes(1))
                        .until(() -> Outage.readiness() == 200);
            }
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> platform.calls("/callback/support").stream()
                    .map(c -> c.header("X-Inbox-Delivery")).filter(ids::contains).distinct().count() == REPLIES);
            assertThat(dlq.arrived(r -> r.key() != null && r.key().startsWith(prefix))).as("dead-lettered").isEmpty();
        }
    }
}
