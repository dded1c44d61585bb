package org.chatinbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chatinbox.gateway.EndToEndIT.agent;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * An agent stepping into a conversation the way a frontend does it, through the gateway, against ingest, conversation, search
 * and handoff services running from their jars on the build's real Kafka and PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service"))
class HandoffEndToEndIT {

    @Test
    void anAgentTakesOverRepliesAndHandsBackAndTheInboxShowsEachStep() throws Exception {
        String conversation = known(EndToEndIT.sendVisitorMessage("I want to talk to a person"));
        RestAssured.given().header("X-API-Key", "demo-channel-key").contentType("application/cloudevents+json").body("""
                {"specversion": "1.0", "id": "evt-%s", "source": "/channels/web", "type": "inbox.handoff.requested",
                 "time": "%s", "data": {"workspaceId": "demo", "conversationId": "%s", "reason": "asked for a person"}}"""
                .formatted(UUID.randomUUID(), Instant.now(), conversation)).post("/api/v1/ingest/events").then()
                .statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().extract().jsonPath().getBoolean("needsHuman")).isTrue());
        // the request reached handoff-service as well: a take-over answers it
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(agent("demo-alice-key")
                .queryParam("needsHuman", true).get("/api/v1/conversations/counts").then().extract().jsonPath()
                .getInt("needsHuman")).isPositive());

        String stream = RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/stream?conversationId=" + conversation;
        String etag;
        try (SseClient bob = new SseClient(stream, "demo-bob-key", null)) {
            etag = agent("demo-alice-key").post("/api/v1/conversations/" + conversation + "/takeover").then().statusCode(200)
                    .body("mode", equalTo("HUMAN")).body("holder", equalTo("alice")).body("assignee", equalTo("alice"))
                    .extract().header("ETag");
            // the other agents' screens learn it live
            assertThat(bob.await(e -> "handoff.changed".equals(e.name())).data()).contains("\"holder\":\"alice\"");
            assertThat(bob.await(e -> "assignment.changed".equals(e.name())).data()).contains("\"assignee\":\"alice\"");
        }
        agent("demo-bob-key").post("/api/v1/conversations/" + conversation + "/takeover").then().statusCode(409)
                .contentType("application/problem+json").body("detail", equalTo("alice already holds this conversation"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath view = agent("demo-alice-key").get("/api/v1/conversations/" + conversation).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(view.getString("mode")).isEqualTo("HUMAN");
            assertThat(view.getString("assignee")).isEqualTo("alice");
            assertThat(view.getBoolean("needsHuman")).isFalse();
            assertThat(view.getLong("waitedForHumanSeconds")).isBetween(0L, 120L);
            assertThat(view.getLong("heldByHumanSeconds")).isBetween(0L, 120L);
        });
        assertThat(agent("demo-alice-key").queryParam("assignee", "me").queryParam("mode", "HUMAN")
                .get("/api/v1/conversations").then().statusCode(200).extract().jsonPath().getList("items.id"))
                .contains(conversation);
        JsonPath agents = agent("demo-bob-key").get("/api/v1/agents").then().statusCode(200).extract().jsonPath();
        assertThat(agents.getList("items.agentId")).contains("alice", "bob", "admin");
        assertThat(agents.getInt("items.find { it.agentId == 'alice' }.openConversations")).isGreaterThanOrEqualTo(1);

        agent("demo-bob-key").contentType("application/json").body("{\"text\": \"Bob here\"}")
                .post("/api/v1/conversations/" + conversation + "/messages").then().statusCode(409);
        // a screen acting on what it showed before the take-over is told the conversation moved on
        agent("demo-alice-key").contentType("application/json").header("If-Match", "\"0\"").body("{\"text\": \"stale\"}")
                .post("/api/v1/conversations/" + conversation + "/messages").then().statusCode(412)
                .contentType("application/problem+json");
        String messageId = agent("demo-alice-key").contentType("application/json").header("If-Match", etag)
                .body("{\"text\": \"Hi, Alice here. How can I help?\"}")
                .post("/api/v1/conversations/" + conversation + "/messages").then().statusCode(202).extract()
                .path("messageId");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath messages = agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/messages").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(messages.getList("items.id")).contains(messageId);
            assertThat(messages.getString("items.find { it.id == '" + messageId + "' }.role")).isEqualTo("agent");
            assertThat(messages.getString("items.find { it.id == '" + messageId + "' }.senderName")).isEqualTo("Alice");
        });

        agent("demo-bob-key").post("/api/v1/conversations/" + conversation + "/handback").then().statusCode(409);
        agent("demo-admin-key").post("/api/v1/conversations/" + conversation + "/handback").then().statusCode(200)
                .body("mode", equalTo("BOT")).body("assignee", equalTo(null));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> history = agent("demo-alice-key")
                    .get("/api/v1/conversations/" + conversation + "/history").then().statusCode(200).extract().jsonPath()
                    .getList("items");
            assertThat(history).extracting(e -> e.get("type") + " " + e.get("actor") + " " + e.get("from") + ">" + e.get("to"))
                    .containsSubsequence("handoff alice BOT>HUMAN", "handoff admin HUMAN>BOT");
            JsonPath view = agent("demo-alice-key").get("/api/v1/conversations/" + conversation).then().extract()
                    .jsonPath();
            assertThat(view.getString("mode")).isEqualTo("BOT");
            assertThat(view.getString("assignee")).isNull();
        });
        agent("other-olga-key").post("/api/v1/conversations/" + conversation + "/takeover").then().statusCode(404);
    }

    @Test
    void ofTwoHundredTakeOversFromFiveAgentsOneWinsAndEveryOtherAgentIsRefused() throws Exception {
        String conversation = known(EndToEndIT.sendVisitorMessage("who will answer me?"));
        List<String> agents = List.of("ana", "bea", "cat", "dan", "eve");
        Map<String, String> tokens = new HashMap<>();
        for (String agent : agents) {
            tokens.put(agent, EndToEndIT.token(agent, "demo", Set.of("agent"), EndToEndIT.ISSUER, 300));
        }
        // ten at a time: a real race at every step, without queueing the 2-core build machine past the gateway's call timeout
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String agent = agents.get(i % agents.size());
            calls.add(pool.submit(() -> agent + " " + RestAssured.given().auth().oauth2(tokens.get(agent))
                    .post("/api/v1/conversations/" + conversation + "/takeover").statusCode()));
        }
        Map<String, List<String>> answers = new HashMap<>();
        for (Future<String> call : calls) {
            String[] answer = call.get().split(" ");
            answers.computeIfAbsent(answer[0], a -> new ArrayList<>()).add(answer[1]);
        }
        pool.shutdown();

        String holder = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().extract().jsonPath().getString("assignee"),
                assignee -> assignee != null);
        assertThat(holder).isIn(agents);
        answers.forEach((agent, statuses) -> assertThat(statuses).as(agent).containsOnly(agent.equals(holder) ? "200" : "409"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation + "/history").then().extract().jsonPath()
                .getList("items.findAll { it.type == 'handoff' }.actor")).containsExactly(holder));
    }

    @Test
    void bulkActsOnEachConversationOfTheWorkspaceAloneAndOnNothingElse() {
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ours.add(EndToEndIT.sendVisitorMessage("bulk " + i));
        }
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            theirs.add(EndToEndIT.sendMessage("other-channel-key", "other", "not yours " + i));
        }
        ours.forEach(HandoffEndToEndIT::known);
        theirs.forEach(c -> Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> json(agent("other-olga-key"))
                .delete("/api/v1/conversations/" + c + "/assignee").then().statusCode(200)));
        List<String> ids = new ArrayList<>(ours);
        ids.addAll(theirs);
        while (ids.size() < 100) {
            ids.add("conv-unknown-" + ids.size());
        }
        String idList = ids.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(","));

        JsonPath assigned = json(agent("demo-alice-key"))
                .body("{\"action\": \"assign\", \"agentId\": \"bob\", \"ids\": [" + idList
                        + "]}")
                .post("/api/v1/conversations/bulk").then().statusCode(200).extract().jsonPath();
        assertThat(assigned.getList("results.id")).isEqualTo(ids);
        assertThat(assigned.getList("results.status", Integer.class).subList(0, 20)).containsOnly(200);
        assertThat(assigned.getList("results.status", Integer.class).subList(20, 100)).containsOnly(404);
        assertThat(assigned.getString("results[20].problem.detail")).contains("no conversation");
        assertThat(assigned.getString("results[0].problem")).isNull();

        JsonPath resolved = json(agent("demo-alice-key")).body("{\"action\": \"resolve\", \"ids\": [" + idList + "]}")
                .post("/api/v1/conversations/bulk").then().statusCode(200).extract().jsonPath();
        assertThat(resolved.getList("results.status", Integer.class).subList(0, 20)).containsOnly(200);
        assertThat(resolved.getList("results.status", Integer.class).subList(20, 100)).containsOnly(404);
        JsonPath labelled = json(agent("demo-alice-key")).body("{\"action\": \"label\", \"labels\": [\"bulk\"], \"ids\": ["
                + idList + "]}").post("/api/v1/conversations/bulk").then().statusCode(200).extract().jsonPath();
        assertThat(labelled.getList("results.status", Integer.class).subList(0, 20)).containsOnly(200);
        JsonPath handedBack = json(agent("demo-alice-key")).body("{\"action\": \"handback\", \"ids\": [" + idList + "]}")
                .post("/api/v1/conversations/bulk").then().statusCode(200).extract().jsonPath();
        assertThat(handedBack.getList("results.status", Integer.class).subList(0, 20)).as("nobody holds them")
                .containsOnly(409);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String conversation : ours) {
                JsonPath view = agent("demo-alice-key").get("/api/v1/conversations/" + conversation).then().statusCode(200)
                        .extract().jsonPath();
                assertThat(view.getString("assignee")).isEqualTo("bob");
                assertThat(view.getString("status")).isEqualTo("resolved");
                assertThat(view.getList("labels")).contains("bulk");
            }
        });
        for (String conversation : theirs) {
            JsonPath view = agent("other-olga-key").get("/api/v1/conversations/" + conversation).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(view.getString("assignee")).isNull();
            assertThat(view.getString("status")).isEqualTo("open");
            assertThat(view.getList("labels")).isEmpty();
        }

        json(agent("demo-alice-key")).body("{\"action\": \"archive\", \"ids\": [\"x\"]}").post("/api/v1/conversations/bulk")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("action"));
        json(agent("demo-alice-key")).body("{\"action\": \"resolve\", \"ids\": [" + idList + ",\"one-too-many\"]}")
                .post("/api/v1/conversations/bulk").then().statusCode(400).body("errors[0].field", equalTo("ids"));
        json(agent("demo-alice-key")).body("{\"action\": \"assign\", \"ids\": [\"" + ours.get(0) + "\"]}")
                .post("/api/v1/conversations/bulk").then().statusCode(400).body("errors[0].field", equalTo("agentId"));
    }

    /** Waits until handoff-service has the conversation too (it learns it from the same event as the read model). */
    private static String known(String conversation) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().statusCode(200));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> json(agent("demo-alice-key"))
                .delete("/api/v1/conversations/" + conversation + "/assignee").then().statusCode(200));
        return conversation;
    }

    private static RequestSpecification json(RequestSpecification request) {
        return request.contentType("application/json");
    }
}
