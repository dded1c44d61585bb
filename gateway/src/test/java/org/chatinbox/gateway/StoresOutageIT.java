package org.chatinbox.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.OutboundKind;
import org.chatinbox.events.data.OutboundRequested;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.FakePlatform;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Outage;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * PostgreSQL and Elasticsearch hung ({@code SIGSTOP}) together for minutes, one fault for every service of the suite (run from
 * their jars) while 5,000 messages, 50 requests for a human and 500 agents' replies arrive. Each service whose store is away
 * says it is not ready and leaves the events on Kafka; ingest stays ready and keeps accepting events (that needs Kafka only).
 * Once the stores answer again every read model holds every event, every reply reaches the bot, and nothing is dead-lettered
 * for an outage.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service,summary-service"))
class StoresOutageIT {

    static final int CONVERSATIONS = 50;
    static final int REPLIES = 500;
    /** The services whose consumers wait for a frozen store: not ready meanwhile. */
    static final List<String> WAITING = List.of("conversation-service", "search-service", "handoff-service",
            "summary-service");

    static FakePlatform platform;

    @BeforeAll
    static void fakes() {
        // where the test profile's ingest-service delivers the support bot's replies
        platform = FakePlatform.start(18481);
    }

    @AfterAll
    static void close() {
        platform.close();
    }

    @Test
    void everyReadModelHoldsEverythingSentWhilePostgresAndElasticsearchWereFrozen() throws Exception {
        Map<String, String> services = InboxTestStack.services("ingest-service", "conversation-service", "search-service",
                "handoff-service", "summary-service");
        String workspace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<?>> events = new ArrayList<>(Outage.messages(workspace));
        // after each conversation's 100 messages, on the same partition: applied only once they all are
        for (int i = 0; i < CONVERSATIONS; i++) {
            events.add(Channel.event("hr-" + UUID.randomUUID(), Instant.parse("2026-11-22T10:10:00Z"),
                    new HandoffRequested(workspace, workspace + "-conv-" + i, "stuck")));
        }
        String replyPrefix = workspace + "-reply";
        for (int i = 0; i < REPLIES; i++) {
            events.add(Channel.event(replyPrefix + "-" + i, Instant.now(), new OutboundRequested("demo", "support-bot", "web",
                    replyPrefix + "-conv-" + (i % CONVERSATIONS), OutboundKind.MESSAGE, "m-" + i, "reply " + i, "alice")));
        }
        Set<String> replies = events.stream().map(CloudEvent::id).filter(id -> id.startsWith(replyPrefix))
                .collect(Collectors.toSet());

        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicProbe messagesDlq = TopicProbe.open(kafka, Topics.deadLetter(Topics.MESSAGES));
                TopicProbe outboundDlq = TopicProbe.open(kafka, Topics.deadLetter(Topics.OUTBOUND));
                Channel channel = new Channel()) {
            try (AutoCloseable postgres = InboxTestStack.freeze("postgres");
                    AutoCloseable elasticsearch = InboxTestStack.freeze("elasticsearch")) {
                Instant thawAt = Instant.now().plus(Outage.length());
                channel.sendAll(events);

                // each waiting service's consumers say they wait for their store, and an orchestrator stops routing to it
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> WAITING.stream().allMatch(
                        s -> Outage.readiness(services.get(s)) == 503 && "DOWN".equals(consumers(services.get(s), "status"))));
                // ingest's deliveries wait too, yet ingest stays ready and accepts a channel's message through the gateway
                Awaitility.await().atMost(Duration.ofSeconds(90))
                        .until(() -> consumers(services.get("ingest-service"), "data.outbound") != null);
                WebChannel.visitorWrites(given(), workspace + "-accepted", "m-accepted", "Dana", "still there?",
                        "support-bot");

                Awaitility.await().during(Duration.between(Instant.now(), thawAt)).atMost(Outage.length().plusMinutes(1))
                        .until(() -> WAITING.stream().allMatch(s -> Outage.readiness(services.get(s)) != 200)
                                && Outage.readiness(services.get("ingest-service")) == 200);
            }

            Awaitility.await().atMost(Duration.ofMinutes(5)).ignoreExceptions().untilAsserted(() -> {
                assertThat(stored(services.get("conversation-service"), workspace)).as("messages in the inbox")
                        .isEqualTo(5_000);
                assertThat(indexed(services.get("search-service"), workspace)).as("messages and requests searchable")
                        .isEqualTo(5_000 + CONVERSATIONS);
                assertThat(applied(services.get("handoff-service"), workspace)).as("messages and requests applied")
                        .isEqualTo(5_000 + CONVERSATIONS);
                assertThat(summarised(services.get("summary-service"), workspace)).as("messages and requests summarised")
                        .isEqualTo(5_000 + CONVERSATIONS);
                assertThat(platform.calls("/callback/support").stream().map(c -> c.header("X-Inbox-Delivery"))
                        .filter(replies::contains).distinct().count()).as("replies delivered").isEqualTo(REPLIES);
            });
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> services.values().stream().allMatch(s -> Outage.readiness(s) == 200));
            assertThat(messagesDlq.arrived(r -> r.key() != null && r.key().startsWith(workspace))).as("dead-lettered")
                    .isEmpty();
            assertThat(outboundDlq.arrived(r -> r.key() != null && r.key().startsWith(replyPrefix))).as("dead-lettered")
                    .isEmpty();
        }
    }

    /** What the consumers' check of a service's readiness says at {@code path}, null when it does not say. */
    static String consumers(String service, String path) {
        JsonPath check = Outage.check(service, Outage.CONSUMERS_CHECK);
        return check == null ? null : check.getString(path);
    }

    /** A call to one service as the gateway makes it, for the workspace. */
    static RequestSpecification internal(String service, String workspace) {
        return given().baseUri(service).header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .header("X-Inbox-Agent", "probe").header("X-Inbox-Roles", "agent");
    }

    /** Messages stored in the inbox, by the conversations' counters (50 conversations: one page). */
    static long stored(String service, String workspace) {
        return internal(service, workspace).queryParam("limit", 100).get("/api/v1/conversations").then().statusCode(200)
                .extract().jsonPath().getList("items.messageCount", Integer.class).stream().mapToLong(Integer::longValue)
                .sum();
    }

    /** Messages found by a word all of them hold, and conversations that need a human. */
    static long indexed(String service, String workspace) {
        long messages = internal(service, workspace).contentType("application/json").body("{\"q\": \"parcel\", \"limit\": 1}")
                .post("/api/v1/search/messages").then().statusCode(200).extract().jsonPath().getLong("total");
        long needsHuman = internal(service, workspace).contentType("application/json").body("{\"q\": \"parcel\"}")
                .post("/api/v1/search/counts").then().statusCode(200).extract().jsonPath().getLong("needsHuman");
        return messages + needsHuman;
    }

    /** 100 messages for each conversation the handoff service knows, one request for each that now needs a human. */
    static long applied(String service, String workspace) {
        long applied = 0;
        for (int i = 0; i < CONVERSATIONS; i++) {
            Response state = internal(service, workspace).get("/api/v1/conversations/" + workspace + "-conv-" + i + "/handoff");
            if (state.statusCode() == 200) {
                applied += 100 + (state.jsonPath().getBoolean("needsHuman") ? 1 : 0);
            }
        }
        return applied;
    }

    /** The messages each latest summary was made from, and one request for a human for each summary handed off. */
    static long summarised(String service, String workspace) {
        long summarised = 0;
        for (int i = 0; i < CONVERSATIONS; i++) {
            Response summary = internal(service, workspace)
                    .get("/api/v1/conversations/" + workspace + "-conv-" + i + "/summary");
            if (summary.statusCode() == 200) {
                summarised += summary.jsonPath().getInt("messageCount")
                        + ("handed-off".equals(summary.jsonPath().getString("outcome")) ? 1 : 0);
            }
        }
        return summarised;
    }
}
