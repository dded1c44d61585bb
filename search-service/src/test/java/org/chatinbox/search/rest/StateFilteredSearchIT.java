package org.chatinbox.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Status;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * A keyword combined with the conversation's state, answered by one query however many conversations each side holds: 6,000
 * conversations of one workspace, real CLINC150 questions all mentioning one word, half of them resolved, some assigned,
 * labelled or needing a human. Every filter pages through exactly its conversations, with an exact total, and a state change
 * moves a conversation between the answers.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class StateFilteredSearchIT {

    static final int CONVERSATIONS = 6_000;
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    static Channel channel;
    static String workspace;

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;
    static String word;
    static List<String> open = new ArrayList<>();
    static List<String> resolved = new ArrayList<>();
    static Set<String> alice = new HashSet<>();
    static Set<String> vip = new HashSet<>();
    static Set<String> needsHuman = new HashSet<>();

    @BeforeAll
    static void openChannel() {
        channel = new Channel();
    }

    /** Once for the class, before the first test: RestAssured points at the application only from then on. */
    @BeforeEach
    void fillTheWorkspace() throws IOException {
        if (workspace != null) {
            return;
        }
        workspace = "state-" + UUID.randomUUID().toString().substring(0, 8);
        word = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<String> questions = questions();
        List<CloudEvent<?>> events = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            String conversation = "conv-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            Instant at = T0.plusSeconds(i);
            events.add(Channel.message(workspace, conversation, "m1", Role.VISITOR,
                    questions.get(i % questions.size()) + " " + word, at, null));
            if (i % 2 == 1) {
                resolved.add(conversation);
                events.add(Channel.event("evt-" + UUID.randomUUID(), at.plusMillis(10), new ConversationUpdated(workspace,
                        conversation, Status.RESOLVED, null, List.of(), "bob")));
                continue;
            }
            open.add(conversation);
            if (i % 6 == 0) {
                alice.add(conversation);
                events.add(Channel.event("evt-" + UUID.randomUUID(), at.plusMillis(10),
                        new AssignmentChanged(workspace, conversation, "alice", null, "alice", null)));
            }
            if (i % 12 == 2) {
                vip.add(conversation);
                events.add(Channel.event("evt-" + UUID.randomUUID(), at.plusMillis(10), new ConversationUpdated(workspace,
                        conversation, Status.OPEN, null, List.of("vip"), "bob")));
            }
            if (i % 20 == 4) {
                needsHuman.add(conversation);
                events.add(Channel.event("evt-" + UUID.randomUUID(), at.plusMillis(10), new HandoffChanged(workspace,
                        conversation, Mode.BOT, null, true, null, "the visitor asked", null)));
            }
        }
        // the same word in another workspace never shows
        events.add(Channel.message("other", Channel.newConversation(), "m1", Role.VISITOR, "refund " + word, T0, null));
        channel.sendAll(events);
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> total(Map.of("status", "open")) == open.size()
                        && total(Map.of("status", "resolved")) == resolved.size()
                        && total(Map.of("assignee", "alice")) == alice.size() && total(Map.of("label", "vip")) == vip.size()
                        && total(Map.of("needsHuman", "true")) == needsHuman.size());
        // and the embedding worker done with them, so that no document changes under the pages of a search by relevance
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> client.count(c -> c.index(config.index().name()).query(q -> q.bool(b -> b
                        .filter(f -> f.term(t -> t.field("workspaceId").value(workspace)))
                        .filter(f -> f.term(t -> t.field("needsEmbedding").value(true)))))).count() == 0);
    }

    @AfterAll
    static void closeChannel() {
        channel.close();
    }

    @Test
    void eachStateFilterPagesThroughExactlyItsConversationsWithAnExactTotal() {
        assertThat(allPages(Map.of("status", "open"))).containsExactlyInAnyOrderElementsOf(open);
        assertThat(allPages(Map.of("status", "resolved"))).containsExactlyInAnyOrderElementsOf(resolved);
        assertThat(allPages(Map.of("assignee", "alice"))).containsExactlyInAnyOrderElementsOf(alice);
        assertThat(allPages(Map.of("label", "vip"))).containsExactlyInAnyOrderElementsOf(vip);
        assertThat(allPages(Map.of("needsHuman", "true"))).containsExactlyInAnyOrderElementsOf(needsHuman);
        assertThat(conversations(Map.of("status", "open", "assignee", "none"), 1, null).getInt("total"))
                .isEqualTo(open.size() - alice.size());

        JsonPath counts = internal().header("X-Inbox-Agent", "alice").contentType("application/json")
                .body(Map.of("q", word)).post("/api/v1/search/counts").then().statusCode(200).extract().jsonPath();
        assertThat(counts.getInt("all")).isEqualTo(CONVERSATIONS);
        assertThat(counts.getInt("mine")).isEqualTo(alice.size());
        assertThat(counts.getInt("unassigned")).isEqualTo(CONVERSATIONS - alice.size());
        assertThat(counts.getInt("needsHuman")).isEqualTo(needsHuman.size());
        assertThat(counts.getBoolean("exact")).isTrue();
    }

    @Test
    void theSearchBoxPagesThroughEveryOpenMatchOnceWithItsStateFacets() {
        List<String> found = new ArrayList<>();
        String cursor = null;
        JsonPath page;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("q", word, "limit", 100));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            page = internal().queryParam("status", "open").contentType("application/json").body(body)
                    .post("/api/v1/search/messages").then().statusCode(200).extract().jsonPath();
            assertThat(page.getInt("total")).isEqualTo(open.size());
            found.addAll(page.getList("items.conversationId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(found).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(open);
        assertThat(page.getMap("facets.status")).containsOnlyKeys("open").containsEntry("open", open.size());
        assertThat(page.getMap("facets.label")).containsEntry("vip", vip.size());
    }

    @Test
    void resolvingAConversationMovesItFromTheOpenAnswersToTheResolvedOnes() {
        String moved = open.get(open.size() - 1);
        Instant sent = Instant.now();
        channel.send(Channel.event("evt-" + UUID.randomUUID(), T0.plusSeconds(CONVERSATIONS), new ConversationUpdated(
                workspace, moved, Status.RESOLVED, null, List.of(), "bob")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> total(Map.of("status", "resolved")) == resolved.size() + 1);
        System.out.printf("resolve to searchable as resolved: %d ms%n", Duration.between(sent, Instant.now()).toMillis());
        assertThat(conversations(Map.of("status", "open"), 100, null).getList("conversationIds")).doesNotContain(moved);
        assertThat(conversations(Map.of("status", "resolved"), 100, null).getList("conversationIds")).contains(moved);
        assertThat(conversations(Map.of("status", "open"), 1, null).getInt("total")).isEqualTo(open.size() - 1);
        channel.send(Channel.event("evt-" + UUID.randomUUID(), T0.plusSeconds(CONVERSATIONS + 1), new ConversationUpdated(
                workspace, moved, Status.OPEN, null, List.of(), "bob")));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> conversations(Map.of("status", "open"), 1, null).getInt("total") == open.size());
    }

    static int total(Map<String, String> filters) {
        return conversations(filters, 1, null).getInt("total");
    }

    /** Every page of the filter's matches, 100 at a time, checking the total on each. */
    static List<String> allPages(Map<String, String> filters) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        Integer total = null;
        do {
            JsonPath page = conversations(filters, 100, cursor);
            total = total == null ? page.getInt("total") : total;
            assertThat(page.getInt("total")).isEqualTo(total);
            ids.addAll(page.getList("conversationIds"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(ids).hasSize(total).doesNotHaveDuplicates();
        return ids;
    }

    static JsonPath conversations(Map<String, String> filters, int limit, String cursor) {
        Map<String, Object> body = new HashMap<>(Map.of("q", word, "limit", limit));
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return internal().queryParams(filters).contentType("application/json").body(body)
                .post("/api/v1/search/conversations").then().statusCode(200).extract().jsonPath();
    }

    static RequestSpecification internal() {
        return given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace);
    }

    /** CLINC150's in-scope test queries, as a visitor would type them. */
    static List<String> questions() throws IOException {
        List<String> texts = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                StateFilteredSearchIT.class.getResourceAsStream("/data/clinc150-in-scope-test.jsonl"),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                texts.add(EventJson.mapper().readTree(line).path("text").asText());
            }
        }
        return texts;
    }
}
