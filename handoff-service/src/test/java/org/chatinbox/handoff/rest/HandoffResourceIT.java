package org.chatinbox.handoff.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Status;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Take over, hand back, assign and reply as the gateway calls them, on the build's real Kafka and PostgreSQL: conversations are
 * learnt from the events a channel writes, and every change is checked on the topics it must reach.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "handoff_test"))
class HandoffResourceIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30.120Z");
    private static Channel channel;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void openChannel() {
        channel = new Channel();
    }

    @AfterAll
    static void closeChannel() {
        channel.close();
    }

    @Test
    void ofTwoHundredTakeOversFromFiveAgentsExactlyOneWins() throws Exception {
        String workspace = "race-" + UUID.randomUUID();
        String conv = known(workspace);
        try (TopicProbe handoff = TopicProbe.open(bootstrap(), Topics.HANDOFF)) {
            List<String> agents = List.of("a1", "a2", "a3", "a4", "a5");
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Future<int[]>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String agent = agents.get(i % agents.size());
                calls.add(pool.submit(() -> new int[]{agents.indexOf(agent),
                        as(workspace, agent, "agent").post("/api/v1/conversations/" + conv + "/takeover").statusCode()}));
            }
            Map<Integer, List<Integer>> statusesByAgent = new HashMap<>();
            for (Future<int[]> call : calls) {
                int[] result = call.get();
                statusesByAgent.computeIfAbsent(result[0], a -> new ArrayList<>()).add(result[1]);
            }
            pool.shutdown();

            JsonPath state = as(workspace, "a1", "agent").get("/api/v1/conversations/" + conv + "/handoff").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(state.getString("mode")).isEqualTo("HUMAN");
            int winner = agents.indexOf(state.getString("holder"));
            assertThat(state.getString("assignee")).isEqualTo(agents.get(winner));
            statusesByAgent.forEach((agent, statuses) -> assertThat(statuses)
                    .as("answers to %s", agents.get(agent)).containsOnly(agent == winner ? 200 : 409));

            Predicate<ConsumerRecord<String, byte[]>> handoffChanged = r -> conv.equals(r.key())
                    && text(r).contains("\"inbox.handoff.changed\"");
            handoff.await(handoffChanged, 1);
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> handoff.arrived(handoffChanged).size() == 1);
        }
    }

    @Test
    void aTakeOverOfAConversationAnotherAgentHoldsIsRefusedAtOnceWhileItsRowIsBusy() throws Exception {
        String conv = known("demo");
        as("demo", "alice", "agent").post("/api/v1/conversations/" + conv + "/takeover").then().statusCode(200);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (Connection busy = dataSource.getConnection()) {
            // a long transaction on the row (a slow batch, another command) must not keep bob waiting for his answer
            busy.setAutoCommit(false);
            try (PreparedStatement lock = busy.prepareStatement(
                    "SELECT 1 FROM conversation WHERE workspace_id = 'demo' AND conversation_id = ? FOR UPDATE")) {
                lock.setString(1, conv);
                lock.executeQuery().close();
            }
            Future<String> bob = caller.submit(() -> as("demo", "bob", "agent")
                    .post("/api/v1/conversations/" + conv + "/takeover").then().statusCode(409).extract().path("detail"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(bob::isDone);
            assertThat(bob.get()).isEqualTo("alice already holds this conversation");
            busy.rollback();
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void onlyTheHolderOrAnAdminHandsBackAndTheBotIsToldEachTime() {
        String conv = known("demo");
        try (TopicProbe outbound = TopicProbe.open(bootstrap(), Topics.OUTBOUND)) {
            as("demo", "alice", "agent").post("/api/v1/conversations/" + conv + "/handback").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("nobody holds this conversation: the bot answers it"));
            as("demo", "alice", "agent").post("/api/v1/conversations/" + conv + "/takeover").then().statusCode(200)
                    .body("mode", equalTo("HUMAN")).body("holder", equalTo("alice")).body("assignee", equalTo("alice"))
                    .body("needsHuman", equalTo(false));
            as("demo", "bob", "agent").post("/api/v1/conversations/" + conv + "/takeover").then().statusCode(409)
                    .body("detail", equalTo("alice already holds this conversation"));
            as("demo", "bob", "agent").post("/api/v1/conversations/" + conv + "/handback").then().statusCode(409);
            as("demo", "admin", "admin").post("/api/v1/conversations/" + conv + "/handback").then().statusCode(200)
                    .body("mode", equalTo("BOT")).body("holder", nullValue()).body("assignee", nullValue());

            List<String> kinds = outbound.await(r -> conv.equals(r.key()), 2).stream()
                    .map(r -> JsonPath.from(text(r)).getString("data.kind")).toList();
            assertThat(kinds).containsExactly("bot.paused", "bot.resumed");
        }
    }

    @Test
    void onlyTheHolderRepliesAndTheReplyIsAMessageOfTheConversationAndOutbound() {
        String conv = known("demo");
        try (TopicProbe messages = TopicProbe.open(bootstrap(), Topics.MESSAGES);
                TopicProbe outbound = TopicProbe.open(bootstrap(), Topics.OUTBOUND)) {
            as("demo", "alice", "agent").body("{\"text\": \"Hello, I am Alice\"}")
                    .post("/api/v1/conversations/" + conv + "/messages").then().statusCode(409);
            as("demo", "alice", "agent").post("/api/v1/conversations/" + conv + "/takeover").then().statusCode(200);
            as("demo", "bob", "agent").body("{\"text\": \"Bob here\"}").post("/api/v1/conversations/" + conv + "/messages")
                    .then().statusCode(409);
            as("demo", "alice", "agent").body("{\"text\": \"   \"}").post("/api/v1/conversations/" + conv + "/messages")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("text"));
            String messageId = as("demo", "alice", "agent").body("{\"text\": \"Hello, I am Alice\"}")
                    .post("/api/v1/conversations/" + conv + "/messages").then().statusCode(202).extract()
                    .path("messageId");

            JsonPath reply = JsonPath.from(text(messages.await(r -> conv.equals(r.key()) && text(r).contains(messageId), 1)
                    .get(0)));
            assertThat(reply.getString("type")).isEqualTo("inbox.message.created");
            assertThat(reply.getString("data.sender.role")).isEqualTo("agent");
            assertThat(reply.getString("data.sender.id")).isEqualTo("alice");
            assertThat(reply.getString("data.sender.name")).isEqualTo("Alice");
            assertThat(reply.getString("data.botId")).isEqualTo("support-bot");
            assertThat(reply.getString("data.text")).isEqualTo("Hello, I am Alice");
            JsonPath out = JsonPath.from(text(outbound.await(r -> conv.equals(r.key()) && text(r).contains(messageId), 1)
                    .get(0)));
            assertThat(out.getString("data.kind")).isEqualTo("message");
            assertThat(out.getString("data.channel")).isEqualTo("web");
            assertThat(out.getString("data.agentId")).isEqualTo("alice");
        }
    }

    @Test
    void assigningNamesAnAgentOfTheWorkspace() {
        String conv = known("demo");
        as("demo", "alice", "agent").body("{\"agentId\": \"olga\"}").put("/api/v1/conversations/" + conv + "/assignee")
                .then().statusCode(404).body("detail", equalTo("no agent olga in this workspace"));
        as("demo", "alice", "agent").body("{}").put("/api/v1/conversations/" + conv + "/assignee").then().statusCode(400)
                .body("errors[0].field", equalTo("agentId"));
        as("demo", "alice", "agent").body("{\"agentId\": \"bob\"}").put("/api/v1/conversations/" + conv + "/assignee")
                .then().statusCode(200).body("assignee", equalTo("bob")).body("mode", equalTo("BOT"));
        JsonPath agents = as("demo", "alice", "agent").get("/api/v1/agents").then().statusCode(200).extract().jsonPath();
        assertThat(agents.getList("items.agentId")).contains("alice", "bob", "admin").doesNotContain("olga");
        as("demo", "alice", "agent").delete("/api/v1/conversations/" + conv + "/assignee").then().statusCode(200)
                .body("assignee", nullValue());
        as("other", "olga", "agent").post("/api/v1/conversations/" + conv + "/takeover").then().statusCode(404);
    }

    @Test
    void autoAssignmentFillsEverySeatEvenlyAndServesTheQueueOldestFirst() {
        String workspace = "auto-" + UUID.randomUUID();
        for (String agent : List.of("ann", "ben", "cid")) {
            as(workspace, "boss", "admin").body("{\"name\": \"" + agent + "\"}").put("/api/v1/agents/" + agent).then()
                    .statusCode(200).body("available", equalTo(true)).body("openConversations", equalTo(0));
        }
        as(workspace, "boss", "admin").body("{\"enabled\": true, \"maxOpenPerAgent\": 5}")
                .put("/api/v1/settings/auto-assignment").then().statusCode(200);
        // the admin is an agent of the workspace too, but away
        as(workspace, "boss", "admin").body("{\"available\": false}").put("/api/v1/me/availability").then().statusCode(200)
                .body("agentId", equalTo("boss")).body("available", equalTo(false));
        as(workspace, "ann", "agent").body("{\"enabled\": true}").put("/api/v1/settings/auto-assignment").then()
                .statusCode(403);

        List<String> convs = new ArrayList<>();
        List<CloudEvent<?>> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String conv = String.format("c%03d-%s", i, UUID.randomUUID());
            convs.add(conv);
            events.add(Channel.message(workspace, conv, "m1", Role.VISITOR, "I need a person", T0.plusSeconds(i), null));
            events.add(Channel.event("hr-" + UUID.randomUUID(), T0.plusSeconds(i).plusMillis(500),
                    new HandoffRequested(workspace, conv, "visitor asked for a human")));
        }
        try (TopicProbe handoff = TopicProbe.open(bootstrap(), Topics.HANDOFF)) {
            channel.sendAll(events);

            // requests arrive from several partitions, in no set order: whichever come first take the 15 seats
            List<String> first = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> assigned(workspace, convs),
                    seated -> seated.size() == 15);
            assertThat(loads(workspace)).containsExactlyInAnyOrderEntriesOf(Map.of("ann", 5, "ben", 5, "cid", 5, "boss", 0));
            List<String> waiting = convs.stream().filter(c -> !first.contains(c)).toList();
            // and every other one waits, saying why
            handoff.await(r -> waiting.contains(r.key()) && text(r).contains("queued: all agents at cap"), 85);

            // resolving frees seats: the oldest waiting take them
            List<CloudEvent<?>> resolved = new ArrayList<>();
            for (String conv : first.subList(0, 4)) {
                resolved.add(Channel.event("cu-" + UUID.randomUUID(), Instant.now(),
                        new ConversationUpdated(workspace, conv, Status.RESOLVED, null, List.of(), "ann")));
            }
            channel.sendAll(resolved);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(assigned(workspace, convs))
                    .containsExactlyInAnyOrderElementsOf(union(first, waiting.subList(0, 4))));

            // a hand-back frees the holder's seat
            String handedBack = first.get(4);
            String holder = as(workspace, "boss", "admin").get("/api/v1/conversations/" + handedBack + "/handoff").then()
                    .extract().path("assignee");
            as(workspace, holder, "agent").post("/api/v1/conversations/" + handedBack + "/takeover").then().statusCode(200)
                    .body("needsHuman", equalTo(false));
            as(workspace, holder, "agent").post("/api/v1/conversations/" + handedBack + "/handback").then()
                    .statusCode(200);
            List<String> seated = union(without(first, handedBack), waiting.subList(0, 5));
            // the seat is given once the hand-back has committed
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(assigned(workspace, convs))
                    .containsExactlyInAnyOrderElementsOf(seated));
            assertThat(loads(workspace).values()).allMatch(load -> load <= 5);

            // an agent coming back takes from the queue at once, and so does a raised cap
            as(workspace, "boss", "admin").body("{\"available\": true}").put("/api/v1/me/availability").then()
                    .statusCode(200);
            assertThat(loads(workspace).get("boss")).isEqualTo(5);
            as(workspace, "boss", "admin").body("{\"enabled\": true, \"maxOpenPerAgent\": 6}")
                    .put("/api/v1/settings/auto-assignment").then().statusCode(200);
            assertThat(loads(workspace)).containsExactlyInAnyOrderEntriesOf(Map.of("ann", 6, "ben", 6, "cid", 6, "boss", 6));
            assertThat(assigned(workspace, convs)).containsExactlyInAnyOrderElementsOf(
                    union(without(first, handedBack), waiting.subList(0, 14)));
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> without(List<String> convs, String handedBack) {
        return convs.stream().filter(c -> !c.equals(handedBack)).toList();
    }

    /** The conversations of {@code convs} that have an assignee, in the order given. */
    private static List<String> assigned(String workspace, List<String> convs) {
        return convs.stream().filter(conv -> as(workspace, "boss", "admin").get("/api/v1/conversations/" + conv + "/handoff")
                .then().extract().path("assignee") != null).toList();
    }

    private static Map<String, Integer> loads(String workspace) {
        JsonPath agents = as(workspace, "boss", "admin").get("/api/v1/agents").then().statusCode(200).extract().jsonPath();
        Map<String, Integer> loads = new HashMap<>();
        for (int i = 0; i < agents.getList("items").size(); i++) {
            loads.put(agents.getString("items[" + i + "].agentId"), agents.getInt("items[" + i + "].openConversations"));
        }
        return loads;
    }

    /** A conversation of the workspace, once this service has seen its first message. */
    private static String known(String workspace) {
        String conv = Channel.newConversation();
        channel.send(Channel.message(workspace, conv, "m1", Role.VISITOR, "hello?", T0, null));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(workspace, "x", "agent")
                .get("/api/v1/conversations/" + conv + "/handoff").then().statusCode(200));
        return conv;
    }

    static RequestSpecification as(String workspace, String agent, String roles) {
        return given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .header("X-Inbox-Agent", agent).header("X-Inbox-Roles", roles).contentType("application/json");
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
