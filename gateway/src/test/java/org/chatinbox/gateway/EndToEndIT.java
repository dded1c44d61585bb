package org.chatinbox.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * The contract driven through the gateway the way a channel and a frontend do, against ingest-service and conversation-service
 * running from their jars on the build's real Kafka and PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service,summary-service"))
class EndToEndIT {

    @Test
    void meTellsWhoTheKeyBelongsTo() {
        agent("demo-alice-key").get("/api/v1/me").then().statusCode(200)
                .body("agentId", equalTo("alice")).body("workspaceId", equalTo("demo"))
                .body("roles", containsInAnyOrder("agent"));
        agent("demo-admin-key").get("/api/v1/me").then().statusCode(200).body("roles", containsInAnyOrder("admin"));
    }

    @Test
    void bearerTokensOfTheProviderAuthenticateAgents() throws Exception {
        String alice = token("alice", "demo", Set.of("agent"), ISSUER, 300);
        given().auth().oauth2(alice).get("/api/v1/me").then().statusCode(200).body("agentId", equalTo("alice"))
                .body("workspaceId", equalTo("demo")).body("roles", containsInAnyOrder("agent"));
        given().auth().oauth2(alice).get("/api/v1/conversations").then().statusCode(200);

        given().auth().oauth2(token("alice", "demo", Set.of("agent"), ISSUER, -60)).get("/api/v1/me").then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("alice", "demo", Set.of("agent"), "https://elsewhere.example", 300)).get("/api/v1/me")
                .then().statusCode(401);
        given().auth().oauth2(alice.substring(0, alice.length() - 4) + "AAAA").get("/api/v1/me").then().statusCode(401);
        given().auth().oauth2(token("mallory", "demo", Set.of("viewer"), ISSUER, 300)).get("/api/v1/me").then()
                .statusCode(403).contentType("application/problem+json");
        String olga = token("olga", "other", Set.of("agent"), ISSUER, 300);
        String conversation = sendVisitorMessage("for demo only");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(alice)
                .get("/api/v1/conversations/" + conversation).then().statusCode(200));
        given().auth().oauth2(olga).get("/api/v1/conversations/" + conversation).then().statusCode(404);
    }

    static final String ISSUER = "https://login.chat-inbox.test";

    /** A token as the OIDC provider would issue it, signed with the test key; negative lifetime: already expired. */
    static String token(String subject, String workspace, Set<String> groups, String issuer, long lifetimeSeconds) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(issuer).subject(subject).claim("workspace", workspace).groups(groups)
                .issuedAt(now - 600).expiresAt(now + lifetimeSeconds).sign("jwt/private.pem");
    }

    /** Each endpoint of §4 that exists today, with a body where it takes one. */
    record Endpoint(String method, String path, String body, boolean perConversation) {

        io.restassured.response.Response call(RequestSpecification caller, String conversation) {
            RequestSpecification request = caller.contentType("application/json");
            if (body != null) {
                request = request.body(body);
            }
            return request.request(method, path.replace("{id}", conversation));
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/me", null, false),
            new Endpoint("GET", "/api/v1/conversations", null, false),
            new Endpoint("GET", "/api/v1/conversations/counts", null, false),
            new Endpoint("GET", "/api/v1/conversations/{id}", null, true),
            new Endpoint("GET", "/api/v1/conversations/{id}/messages", null, true),
            new Endpoint("GET", "/api/v1/conversations/{id}/history", null, true),
            new Endpoint("GET", "/api/v1/conversations/{id}/messages?q=matrix", null, true),
            new Endpoint("GET", "/api/v1/search?q=matrix", null, false),
            new Endpoint("POST", "/api/v1/conversations/{id}/resolve", null, true),
            new Endpoint("POST", "/api/v1/conversations/{id}/reopen", null, true),
            new Endpoint("POST", "/api/v1/conversations/{id}/snooze", "{\"until\": \"2099-01-01T09:00:00Z\"}", true),
            new Endpoint("PUT", "/api/v1/conversations/{id}/labels", "{\"labels\": [\"vip\"]}", true),
            new Endpoint("PUT", "/api/v1/conversations/{id}/assignee", "{\"agentId\": \"alice\"}", true),
            new Endpoint("DELETE", "/api/v1/conversations/{id}/assignee", null, true),
            new Endpoint("GET", "/api/v1/agents", null, false),
            new Endpoint("PUT", "/api/v1/me/availability", "{\"available\": true}", false),
            new Endpoint("GET", "/api/v1/settings/auto-assignment", null, false));

    @Test
    void everyEndpointForEveryKindOfCaller() throws Exception {
        String conversation = sendVisitorMessage("the matrix");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().statusCode(200));
        // handoff-service learns the conversation from the same event
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .contentType("application/json").delete("/api/v1/conversations/" + conversation + "/assignee").then()
                .statusCode(200));
        String noRole = token("mallory", "demo", Set.of("viewer"), ISSUER, 300);
        String adminToken = token("root", "demo", Set.of("admin"), ISSUER, 300);

        for (Endpoint endpoint : ENDPOINTS) {
            String what = endpoint.method() + " " + endpoint.path();
            assertThat(endpoint.call(given(), conversation).statusCode()).as("no credentials: " + what).isEqualTo(401);
            assertThat(endpoint.call(agent("not-a-key"), conversation).statusCode()).as("unknown key: " + what).isEqualTo(401);
            assertThat(endpoint.call(agent("demo-channel-key"), conversation).statusCode()).as("channel key: " + what)
                    .isEqualTo(401);
            assertThat(endpoint.call(given().auth().oauth2(noRole), conversation).statusCode()).as("no role: " + what)
                    .isEqualTo(403);
            assertThat(endpoint.call(agent("other-olga-key"), conversation).statusCode()).as("other workspace: " + what)
                    .isEqualTo(endpoint.perConversation() ? 404 : 200);
            assertThat(endpoint.call(agent("demo-alice-key"), conversation).statusCode()).as("agent: " + what)
                    .isEqualTo(200);
            assertThat(endpoint.call(agent("demo-admin-key"), conversation).statusCode()).as("admin key: " + what)
                    .isEqualTo(200);
            assertThat(endpoint.call(given().auth().oauth2(adminToken), conversation).statusCode()).as("admin token: " + what)
                    .isEqualTo(200);
        }
        // the refused writes wrote nothing: only the agents' and admins' changes are in the history
        List<String> actors = agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/history").then()
                .statusCode(200).extract().jsonPath().getList("items.actor");
        assertThat(actors).isNotEmpty().allMatch(actor -> List.of("alice", "admin", "root").contains(actor));
        // and the stream turns them away the same way
        given().get("/api/v1/stream").then().statusCode(401);
        given().auth().oauth2(noRole).get("/api/v1/stream").then().statusCode(403);
    }

    @Test
    void theOpenApiSchemasNameEveryFieldTheApiAnswers() {
        String conversation = sendVisitorMessage("what does the spec say");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().statusCode(200));
        io.restassured.path.json.JsonPath spec = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> item = agent("demo-alice-key").queryParam("limit", 1).get("/api/v1/conversations").then()
                .statusCode(200).extract().jsonPath().getMap("items[0]");
        Map<String, Object> message = agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/messages")
                .then().statusCode(200).extract().jsonPath().getMap("items[0]");
        Map<String, Object> entry = agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/history")
                .then().statusCode(200).extract().jsonPath().getMap("");

        assertThat(spec.getMap("components.schemas.Conversation.properties").keySet()).isEqualTo(item.keySet());
        assertThat(spec.getMap("components.schemas.Message.properties").keySet()).isEqualTo(message.keySet());
        assertThat(spec.getMap("components.schemas.HistoryPage.properties").keySet()).isEqualTo(entry.keySet());
        assertThat(spec.getMap("components.securitySchemes").keySet()).containsExactlyInAnyOrder("apiKey", "bearer");
    }

    @Test
    void missingOrUnknownKeyIsUnauthorized() {
        given().get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
        agent("not-a-key").get("/api/v1/conversations").then().statusCode(401).contentType("application/problem+json");
        // a channel key is not an agent key
        agent("demo-channel-key").get("/api/v1/conversations").then().statusCode(401);
    }

    @Test
    void messageSentThroughIngestAppearsInTheInboxOfItsWorkspaceOnly() {
        String conversation = "conv-" + UUID.randomUUID();
        // a bot of its own, so the list filtered by it holds exactly this conversation whatever else the inbox has
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("X-API-Key", "demo-channel-key").contentType("application/cloudevents+json")
                .body("""
                        {"specversion": "1.0", "id": "evt-%1$s", "source": "/channels/web", "type": "inbox.message.created",
                         "time": "2026-11-22T10:15:30.120Z", "data": {"workspaceId": "demo", "botId": "%2$s",
                         "channel": "web", "conversationId": "%1$s", "messageId": "msg-88",
                         "sender": {"role": "visitor", "id": "v-17", "name": "Dana"}, "text": "How do I reset my password?",
                         "session": {"userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"}}}"""
                        .formatted(conversation, bot))
                .post("/api/v1/ingest/events").then().statusCode(202).body("accepted", equalTo(1));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().statusCode(200)
                .body("messageCount", equalTo(1))
                .body("visitor.name", equalTo("Dana"))
                .body("session.device", equalTo("mobile")));
        assertThat(agent("demo-bob-key").queryParam("botId", bot).queryParam("limit", 100)
                .get("/api/v1/conversations").then().statusCode(200).extract().jsonPath().getList("items.id"))
                .containsExactly(conversation);
        agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/messages").then().statusCode(200)
                .body("items[0].text", equalTo("How do I reset my password?"))
                .body("items[0].role", equalTo("visitor"));

        // workspace other sees nothing of demo
        agent("other-olga-key").get("/api/v1/conversations/" + conversation).then().statusCode(404)
                .contentType("application/problem+json");
        agent("other-olga-key").get("/api/v1/conversations/" + conversation + "/messages").then().statusCode(404);
        assertThat(agent("other-olga-key").queryParam("limit", 100).get("/api/v1/conversations").then().statusCode(200)
                .extract().jsonPath().getList("items.id")).doesNotContain(conversation);
    }

    @Test
    void agentsResolveLabelAndSnoozeAndSeeTheHistoryAndCounts() {
        String conversation = sendVisitorMessage("I was charged twice");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().statusCode(200));

        agent("demo-alice-key").post("/api/v1/conversations/" + conversation + "/resolve").then().statusCode(200)
                .body("status", equalTo("resolved"));
        agent("demo-bob-key").contentType("application/json").body("{\"labels\": [\"billing\"]}")
                .put("/api/v1/conversations/" + conversation + "/labels").then().statusCode(200)
                .body("labels", containsInAnyOrder("billing"));
        agent("demo-alice-key").contentType("application/json").body("{\"until\": \"2099-01-01T09:00:00Z\"}")
                .post("/api/v1/conversations/" + conversation + "/snooze").then().statusCode(200)
                .body("status", equalTo("snoozed"));
        agent("demo-alice-key").contentType("application/json").body("{\"until\": \"tomorrow\"}")
                .post("/api/v1/conversations/" + conversation + "/snooze").then().statusCode(400)
                .contentType("application/problem+json");
        agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/history").then().statusCode(200)
                .body("items.actor", org.hamcrest.Matchers.contains("alice", "bob", "alice"))
                .body("items.to", org.hamcrest.Matchers.contains("resolved", "billing", "snoozed"));
        agent("demo-alice-key").queryParam("label", "billing").queryParam("status", "snoozed")
                .get("/api/v1/conversations/counts").then().statusCode(200)
                .body("all", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        agent("other-olga-key").post("/api/v1/conversations/" + conversation + "/resolve").then().statusCode(404);
        agent("other-olga-key").get("/api/v1/conversations/" + conversation + "/history").then().statusCode(404);
    }

    @Test
    void streamDeliversTheWorkspacesEventsAndResumesFromLastEventIdOnce() throws Exception {
        String stream = RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/stream";
        String first;
        String conversation;
        try (SseClient alice = new SseClient(stream, "demo-alice-key", null);
                SseClient olga = new SseClient(stream, "other-olga-key", null)) {
            conversation = sendVisitorMessage("is anyone watching?");
            // the message's own event; its summary.updated comes from another topic and may arrive first
            SseClient.Event created = alice.await(e -> "message.created".equals(e.name()) && e.data().contains(conversation));
            assertThat(created.id()).startsWith("inbox.messages-");
            first = created.id();
            // workspace other gets its own events only
            String others = sendMessage("other-channel-key", "other", "hello from other");
            olga.await(e -> e.data().contains(others));
            assertThat(olga.events()).noneMatch(e -> e.data().contains(conversation));
        }
        // while disconnected: two more messages and a status change of the same conversation
        String missed = sendVisitorMessage("sent while the agent was away");
        agent("demo-alice-key").post("/api/v1/conversations/" + conversation + "/resolve").then().statusCode(200);
        try (SseClient again = new SseClient(stream + "?conversationId=" + conversation, "demo-alice-key", first)) {
            SseClient.Event resolved = again.await(e -> "conversation.updated".equals(e.name()));
            assertThat(resolved.data()).contains("resolved");
            // the filter keeps other conversations out; nothing is delivered twice
            assertThat(again.events()).noneMatch(e -> e.data().contains(missed));
            assertThat(again.events()).extracting(SseClient.Event::id).doesNotHaveDuplicates().doesNotContain(first);
        }
    }

    static String sendVisitorMessage(String text) {
        return sendMessage("demo-channel-key", "demo", text);
    }

    static String sendMessage(String channelKey, String workspace, String text) {
        return sendMessageAt(channelKey, workspace, "support-bot", "2026-11-22T10:15:30.120Z", text);
    }

    /**
     * Six conversations of the bot in demo, one second apart: {@code word} in all but the third, {@code rare} (and "refunds")
     * in the second and fifth.
     */
    static List<String> sendKeywordConversations(String bot, String word, String rare) {
        List<String> conversations = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String text = switch (i) {
                case 2 -> "nothing to see here";
                case 1, 4 -> "my " + rare + " refunds for " + word;
                default -> "question about " + word;
            };
            conversations.add(sendMessageAt("demo-channel-key", "demo", bot, "2026-11-22T10:15:3" + i + ".120Z", text));
        }
        return conversations;
    }

    @Test
    void theKeywordFilterPagesThroughMatchingConversationsOfTheCallersWorkspaceOnly() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        String word = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String rare = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<String> conversations = sendKeywordConversations(bot, word, rare);
        // the same words in another workspace, even under the same bot name
        String others = sendMessageAt("other-channel-key", "other", bot, "2026-11-22T10:15:39.120Z",
                "refund " + rare + " " + word);
        List<String> expected = List.of(conversations.get(5), conversations.get(4), conversations.get(3), conversations.get(1),
                conversations.get(0));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> keywordPages("demo-alice-key", bot, word, null, 2).equals(expected));

        // every limit gives each match once, in the list's order, with the exact total on every page
        for (int limit : List.of(1, 2, 3, 20)) {
            assertThat(keywordPages("demo-alice-key", bot, word, null, limit)).as("limit " + limit).isEqualTo(expected);
        }
        agent("demo-alice-key").queryParam("botId", bot).queryParam("q", word).queryParam("limit", 2)
                .get("/api/v1/conversations").then().statusCode(200).body("total", equalTo(5));
        // a word in any form ("refund" for "refunds"), a typo ("refnd"), an exclusion
        assertThat(keywordPages("demo-alice-key", bot, rare + " refund", null, 1))
                .containsExactly(conversations.get(4), conversations.get(1));
        assertThat(keywordPages("demo-alice-key", bot, rare + " refnd", null, 20))
                .containsExactly(conversations.get(4), conversations.get(1));
        assertThat(keywordPages("demo-alice-key", bot, word + " -" + rare, null, 20))
                .containsExactly(conversations.get(5), conversations.get(3), conversations.get(0));
        // the tabs' counters follow q, exactly
        agent("demo-alice-key").queryParam("botId", bot).queryParam("q", rare).get("/api/v1/conversations/counts").then()
                .statusCode(200).body("all", equalTo(2)).body("unassigned", equalTo(2)).body("exact", equalTo(true));
        agent("demo-alice-key").queryParam("botId", bot).queryParam("q", word).get("/api/v1/conversations/counts").then()
                .statusCode(200).body("all", equalTo(5)).body("exact", equalTo(true));
        // the sixth conversation (no match) is on a partition of its own: it may come a moment later
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key").queryParam("botId", bot)
                .get("/api/v1/conversations/counts").then().statusCode(200).body("all", equalTo(6))
                .body("exact", equalTo(true)));
        // the conversation's state applies in the same query, a moment after it changes
        agent("demo-alice-key").contentType("application/json").body("{\"labels\": [\"vip\"]}")
                .put("/api/v1/conversations/" + conversations.get(3) + "/labels").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> keywordPages("demo-alice-key", bot, word, "vip", 2).equals(List.of(conversations.get(3))));

        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> keywordPages("other-olga-key", bot, word, null, 20).equals(List.of(others)));
        agent("demo-alice-key").queryParam("q", "x".repeat(300)).get("/api/v1/conversations").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"));
    }

    @Test
    void theSearchBoxFindsMarksCountsAndPagesTheMessagesOfTheCallersWorkspaceOnly() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        String word = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String rare = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<String> conversations = sendKeywordConversations(bot, word, rare);
        String others = sendMessageAt("other-channel-key", "other", bot, "2026-11-22T10:15:39.120Z", "refund " + word);
        List<String> matching = List.of(conversations.get(0), conversations.get(1), conversations.get(3), conversations.get(4),
                conversations.get(5));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> searchPages("demo-alice-key", bot, word, "", 20)
                .size() == 5);
        // and the conversations in the inbox, which the state filters below ask about
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key").queryParam("botId", bot)
                .get("/api/v1/conversations/counts").then().statusCode(200).body("all", equalTo(6)));

        io.restassured.path.json.JsonPath all = agent("demo-alice-key").queryParam("q", word).queryParam("botId", bot)
                .get("/api/v1/search").then().statusCode(200).extract().jsonPath();
        assertThat(all.getInt("total")).isEqualTo(5);
        assertThat(all.getList("items.conversationId", String.class)).containsExactlyInAnyOrderElementsOf(matching);
        assertThat(all.getList("items.highlight", String.class)).allMatch(h -> h.contains("<em>" + word + "</em>"));
        assertThat(all.getList("items.role", String.class)).containsOnly("visitor");
        assertThat(all.getList("items.botId", String.class)).containsOnly(bot);
        assertThat(all.getMap("facets.channel")).isEqualTo(Map.of("web", 5));
        assertThat(all.getMap("facets.role")).isEqualTo(Map.of("visitor", 5));
        io.restassured.path.json.JsonPath spec = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        assertThat(spec.getMap("components.schemas.SearchPage.properties").keySet()).isEqualTo(all.getMap("").keySet());
        assertThat(spec.getMap("components.schemas.SearchHit.properties").keySet())
                .isEqualTo(all.getMap("items[0]").keySet());
        // pages of one never repeat or skip a message
        for (int limit : List.of(1, 2)) {
            assertThat(searchPages("demo-alice-key", bot, word, "", limit)).as("limit " + limit)
                    .isEqualTo(all.getList("items.conversationId"));
        }
        // a word in any form, and a message's time
        assertThat(searchPages("demo-alice-key", bot, "refund " + rare, "", 20))
                .containsExactlyInAnyOrder(conversations.get(1), conversations.get(4));
        assertThat(searchPages("demo-alice-key", bot, word, "&since=2026-11-22T10:15:33.120Z", 20))
                .containsExactlyInAnyOrder(conversations.get(3), conversations.get(4), conversations.get(5));

        // the conversation's own state, in any mix with the keyword, a moment after it changes
        agent("demo-alice-key").contentType("application/json").body("{\"labels\": [\"vip\"]}")
                .put("/api/v1/conversations/" + conversations.get(4) + "/labels").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> searchPages("demo-alice-key", bot, word, "&label=vip", 20)
                .equals(List.of(conversations.get(4))));
        assertThat(searchPages("demo-alice-key", bot, rare, "&label=vip", 20)).containsExactly(conversations.get(4));
        assertThat(searchPages("demo-alice-key", bot, rare, "&status=resolved", 20)).isEmpty();
        io.restassured.path.json.JsonPath open = agent("demo-alice-key").queryParam("q", word).queryParam("botId", bot)
                .queryParam("status", "open").get("/api/v1/search").then().statusCode(200).extract().jsonPath();
        assertThat(open.getInt("total")).isEqualTo(5);
        assertThat(open.getMap("facets.label")).isEqualTo(Map.of("vip", 1));
        assertThat(open.getMap("facets.status")).isEqualTo(Map.of("open", 5));

        // inside one conversation
        io.restassured.path.json.JsonPath inside = agent("demo-alice-key").queryParam("q", "refund")
                .get("/api/v1/conversations/" + conversations.get(1) + "/messages").then().statusCode(200).extract().jsonPath();
        assertThat(inside.getList("items.messageId")).containsExactly("msg-1");
        assertThat(inside.getString("items[0].highlight")).isEqualTo("my " + rare + " <em>refunds</em> for " + word);
        agent("other-olga-key").queryParam("q", "refund").get("/api/v1/conversations/" + conversations.get(1) + "/messages")
                .then().statusCode(404);

        // another workspace finds its own message only
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> searchPages("other-olga-key", bot, word, "", 20).equals(List.of(others)));
        agent("demo-alice-key").get("/api/v1/search").then().statusCode(400).body("errors[0].field", equalTo("q"));
        agent("demo-alice-key").queryParam("q", word).queryParam("since", "yesterday").get("/api/v1/search").then()
                .statusCode(400).body("errors[0].field", equalTo("since"));
        agent("demo-alice-key").queryParam("q", word).queryParam("role", "robot").get("/api/v1/search").then()
                .statusCode(400).body("errors[0].field", equalTo("role"));
    }

    @Test
    void theSearchBoxCompletesTheWordBeingTypedFromTheCallersWorkspaceOnly() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        String stem = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String time = "2026-11-23T09:00:00Z";
        sendMessageAt("demo-channel-key", "demo", bot, time, "where is my " + stem + "alpha parcel");
        sendMessageAt("demo-channel-key", "demo", bot, time, "my " + stem + "alpha never came");
        sendMessageAt("demo-channel-key", "demo", bot, time, "cancel my " + stem + "beta please");
        sendMessageAt("other-channel-key", "other", bot, time, "my " + stem + "gamma is late");

        // the most frequent completion first, after the words already typed, whatever their case
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> agent("demo-alice-key").queryParam("q", "My " + stem.toUpperCase(java.util.Locale.ROOT))
                        .get("/api/v1/search/suggest").then().statusCode(200)
                        .body("suggestions", equalTo(List.of("My " + stem + "alpha", "My " + stem + "beta"))));
        agent("demo-alice-key").queryParam("q", stem + "b").get("/api/v1/search/suggest").then().statusCode(200)
                .body("suggestions", equalTo(List.of(stem + "beta")));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> agent("other-olga-key").queryParam("q", stem).get("/api/v1/search/suggest").then()
                        .statusCode(200).body("suggestions", equalTo(List.of(stem + "gamma"))));
        // nothing to complete: a word no one wrote
        agent("demo-alice-key").queryParam("q", stem + "x").get("/api/v1/search/suggest").then().statusCode(200)
                .body("suggestions", equalTo(List.of()));
        agent("demo-alice-key").get("/api/v1/search/suggest").then().statusCode(400).body("errors[0].field", equalTo("q"));
    }

    @Test
    void similarConversationsFindTheSameQuestionAskedAnotherWayInTheCallersWorkspaceOnly() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        String asked = sendMessageAt("demo-channel-key", "demo", bot, "2026-11-22T10:15:30.120Z",
                "My parcel arrived in Reykjavik with the box crushed and the vase inside broken");
        String again = sendMessageAt("demo-channel-key", "demo", bot, "2026-11-22T10:15:31.120Z",
                "The package delivered to Reykjavik came damaged, the box was crushed and the vase broke");
        String unrelated = sendMessageAt("demo-channel-key", "demo", bot, "2026-11-22T10:15:32.120Z",
                "What time does the swimming pool open on Sundays?");
        String elsewhere = sendMessageAt("other-channel-key", "other", bot, "2026-11-22T10:15:33.120Z",
                "The package delivered to Reykjavik came damaged, the box was crushed and the vase broke");
        // the workspace may hold the same texts from earlier runs: the paraphrase is found, before the pool question
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> agent("demo-alice-key").queryParam("limit", 20).get("/api/v1/conversations/" + asked + "/similar")
                        .then().statusCode(200).extract().jsonPath().getList("items.conversationId").contains(again));
        io.restassured.path.json.JsonPath similar = agent("demo-alice-key").queryParam("limit", 20)
                .get("/api/v1/conversations/" + asked + "/similar").then().statusCode(200).extract().jsonPath();
        List<String> found = similar.getList("items.conversationId");
        assertThat(found).doesNotContain(asked, elsewhere);
        int at = found.indexOf(again);
        assertThat(found.indexOf(unrelated) < 0 || found.indexOf(unrelated) > at).as("the pool question ranks below").isTrue();
        assertThat(similar.getFloat("items[" + at + "].score")).isGreaterThan(0.8f);
        assertThat(similar.getString("items[" + at + "].messageId")).isEqualTo("msg-1");
        assertThat(similar.getString("items[" + at + "].highlight")).contains("<em>Reykjavik</em>")
                .contains("<em>crushed</em>");
        io.restassured.path.json.JsonPath spec = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        assertThat(spec.getMap("components.schemas.SimilarConversation.properties").keySet())
                .isEqualTo(similar.getMap("items[0]").keySet());
        agent("other-olga-key").get("/api/v1/conversations/" + asked + "/similar").then().statusCode(404);
        agent("demo-alice-key").queryParam("limit", 21).get("/api/v1/conversations/" + asked + "/similar").then()
                .statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    /** The conversation of each hit of every page of a search, followed cursor by cursor. */
    static List<String> searchPages(String key, String bot, String q, String filters, int limit) {
        return pages(cursor -> {
            RequestSpecification request = agent(key).queryParam("botId", bot).queryParam("q", q).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            return request.get("/api/v1/search?x=1" + filters);
        }, "items.conversationId", limit);
    }

    /** Every page of the keyword-filtered list, followed cursor by cursor; pages may be short, never repeat. */
    static List<String> keywordPages(String key, String bot, String q, String label, int limit) {
        return pages(cursor -> {
            RequestSpecification request = agent(key).queryParam("botId", bot).queryParam("q", q).queryParam("limit", limit);
            if (label != null) {
                request.queryParam("label", label);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            return request.get("/api/v1/conversations");
        }, "items.id", limit);
    }

    /** What {@code item} names in every page, the next asked for with the previous page's cursor until there is none. */
    static List<String> pages(java.util.function.Function<String, io.restassured.response.Response> page, String item,
            int limit) {
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        for (int n = 0; n < 50; n++) {
            io.restassured.path.json.JsonPath answer = page.apply(cursor).then().statusCode(200).extract().jsonPath();
            List<String> items = answer.getList(item);
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            seen.addAll(items);
            cursor = answer.getString("nextCursor");
            if (cursor == null) {
                return seen;
            }
        }
        throw new AssertionError("no end after 50 pages: " + seen);
    }

    static String sendMessageAt(String channelKey, String workspace, String bot, String time, String text) {
        String conversation = "conv-" + UUID.randomUUID();
        given().header("X-API-Key", channelKey).contentType("application/cloudevents+json").body("""
                {"specversion": "1.0", "id": "evt-%1$s", "source": "/channels/web", "type": "inbox.message.created",
                 "time": "%4$s", "data": {"workspaceId": "%3$s", "botId": "%5$s",
                 "channel": "web", "conversationId": "%1$s", "messageId": "msg-1",
                 "sender": {"role": "visitor", "id": "v-1"}, "text": "%2$s"}}""".formatted(conversation, text, workspace, time,
                bot)).post("/api/v1/ingest/events").then().statusCode(202);
        return conversation;
    }

    @Test
    void aConversationTheBotFailedIsSummarisedGroupedAndCountedAsAFrontendSeesIt() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        String conversation = "conv-" + UUID.randomUUID();
        String question = "How do I change the email address on my account?";
        String time = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        given().header("X-API-Key", "demo-channel-key").contentType("application/cloudevents-batch+json").body("""
                [{"specversion": "1.0", "id": "evt-%1$s-1", "source": "/channels/web", "type": "inbox.message.created",
                  "time": "%3$s", "data": {"workspaceId": "demo", "botId": "%4$s", "channel": "web",
                  "conversationId": "%1$s", "messageId": "msg-1", "sender": {"role": "visitor", "id": "v-1"},
                  "text": "%2$s"}},
                 {"specversion": "1.0", "id": "evt-%1$s-2", "source": "/channels/web", "type": "inbox.message.created",
                  "time": "%3$s", "data": {"workspaceId": "demo", "botId": "%4$s", "channel": "web",
                  "conversationId": "%1$s", "messageId": "msg-2", "sender": {"role": "bot", "id": "%4$s"},
                  "text": "Sorry, I did not understand that.", "bot": {"fallback": true}}}]""".formatted(conversation,
                question, time, bot)).post("/api/v1/ingest/events").then().statusCode(202);

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation + "/summary").then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("unanswered"))
                .body("visitorIntent", org.hamcrest.Matchers.equalTo(question))
                .body("messageCount", org.hamcrest.Matchers.equalTo(2)));
        // the conversation view carries it too (conversation-service reads inbox.summaries)
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().statusCode(200)
                .body("summary.outcome", org.hamcrest.Matchers.equalTo("unanswered")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .queryParam("botId", bot).get("/api/v1/insights/knowledge-gaps").then().statusCode(200)
                .body("items[0].question", org.hamcrest.Matchers.equalTo(question))
                .body("items[0].count", org.hamcrest.Matchers.equalTo(1))
                .body("items[0].conversationIds", org.hamcrest.Matchers.contains(conversation)));
        // the review queue holds it, and its counters count it
        agent("demo-alice-key").queryParam("botId", bot).queryParam("botFailed", "true").get("/api/v1/conversations").then()
                .statusCode(200).body("items.id", org.hamcrest.Matchers.contains(conversation));
        agent("demo-alice-key").queryParam("botId", bot).queryParam("botFailed", "false").get("/api/v1/conversations").then()
                .statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(0));
        agent("demo-alice-key").queryParam("botId", bot).queryParam("botFailed", "true")
                .get("/api/v1/conversations/counts").then().statusCode(200).body("all", org.hamcrest.Matchers.equalTo(1));
        io.restassured.path.json.JsonPath top = agent("demo-alice-key").queryParam("botId", bot)
                .get("/api/v1/insights/top-questions").then().statusCode(200).extract().jsonPath();
        assertThat(top.getList("items.question", String.class)).containsExactly(question);
        io.restassured.path.json.JsonPath days = agent("demo-alice-key").queryParam("botId", bot)
                .get("/api/v1/insights/bot-performance").then().statusCode(200).extract().jsonPath();
        assertThat(days.getInt("items[0].conversations")).isEqualTo(1);
        assertThat(days.getDouble("items[0].fallbackRate")).isEqualTo(1.0);
        assertThat(days.getDouble("items[0].containmentRate")).isEqualTo(1.0);

        // the shapes the spec promises
        io.restassured.path.json.JsonPath spec = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> summary = agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/summary")
                .then().extract().jsonPath().getMap("");
        assertThat(spec.getMap("components.schemas.Summary.properties").keySet()).isEqualTo(summary.keySet());
        assertThat(spec.getMap("components.schemas.QuestionGroup.properties").keySet())
                .isEqualTo(top.getMap("items[0]").keySet());
        assertThat(spec.getMap("components.schemas.BotDay.properties").keySet()).isEqualTo(days.getMap("items[0]").keySet());

        // another workspace sees none of it, and a wrong parameter is named
        agent("other-olga-key").get("/api/v1/conversations/" + conversation + "/summary").then().statusCode(404)
                .contentType("application/problem+json");
        agent("other-olga-key").queryParam("botId", bot).get("/api/v1/insights/knowledge-gaps").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(0));
        agent("demo-alice-key").queryParam("limit", "0").get("/api/v1/insights/knowledge-gaps").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("limit"));
    }

    @Test
    void ingestErrorsReachTheChannelUnchanged() {
        given().header("X-API-Key", "other-channel-key").contentType("application/cloudevents+json").body("""
                {"specversion": "1.0", "id": "evt-x", "source": "/channels/web", "type": "inbox.message.created",
                 "time": "2026-11-22T10:15:30.120Z", "data": {"workspaceId": "demo", "botId": "support-bot",
                 "channel": "web", "conversationId": "conv-x", "messageId": "m", "sender": {"role": "visitor"},
                 "text": "hi"}}""").post("/api/v1/ingest/events").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("X-API-Key", "demo-channel-key").contentType("application/cloudevents+json").body("{")
                .post("/api/v1/ingest/events").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void listParametersAreCheckedByTheService() {
        agent("demo-alice-key").queryParam("limit", 500).get("/api/v1/conversations").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void stoppedServiceGivesServiceUnavailableQuickly() throws Exception {
        try (AutoCloseable frozen = InboxTestStack.freeze("conversation-service")) {
            long start = System.nanoTime();
            agent("demo-alice-key").get("/api/v1/conversations").then().statusCode(503)
                    .contentType("application/problem+json");
            // two attempts of at most 2 s each, and nothing more
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> agent("demo-alice-key").get("/api/v1/conversations").then().statusCode(200));

        // the keyword filter needs search-service as well
        try (AutoCloseable frozen = InboxTestStack.freeze("search-service")) {
            long start = System.nanoTime();
            agent("demo-alice-key").queryParam("q", "refund").get("/api/v1/conversations").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> agent("demo-alice-key").queryParam("q", "refund").get("/api/v1/conversations").then().statusCode(200));
    }

    static RequestSpecification agent(String key) {
        return given().header("X-API-Key", key);
    }
}
