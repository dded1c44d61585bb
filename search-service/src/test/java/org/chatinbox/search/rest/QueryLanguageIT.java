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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * What people type, on 60 real STAR dialogues: typos (one of them the dialogues' own: "vacinated"), phrases, exclusions, a
 * visitor's name or id and a conversation's id, completions of a word being typed, and strings that would be syntax to a search
 * engine. Another workspace holding the same dialogues never shows.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class QueryLanguageIT {

    static final int DIALOGUES = 60;
    static Channel channel;
    static String workspace;
    static String other;

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    @BeforeAll
    static void openChannel() {
        channel = new Channel();
    }

    @AfterAll
    static void closeChannel() {
        channel.close();
    }

    /** Once, before the first test: the dialogues in a workspace of their own, and again in another one. */
    @BeforeEach
    void sendTheDialogues() throws IOException {
        if (workspace != null) {
            return;
        }
        workspace = "query-" + UUID.randomUUID().toString().substring(0, 8);
        other = "query-other-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<?>> events = new ArrayList<>();
        int turns = 0;
        for (JsonNode dialogue : dialogues()) {
            String id = dialogue.path("id").asText();
            // one visitor is called by the name the other dialogues' text mentions most
            String visitorName = "star-4".equals(id) ? "Alexis Moreau" : "Visitor " + id;
            Instant at = Instant.ofEpochSecond(dialogue.path("turns").path(0).path("ts").asLong());
            int n = 0;
            for (JsonNode turn : dialogue.path("turns")) {
                boolean visitor = "user".equals(turn.path("speaker").asText());
                Sender sender = visitor
                        ? new Sender(Role.VISITOR, "visitor-" + id, visitorName)
                        : new Sender(Role.BOT, "star-bot", null);
                String text = turn.path("text").asText();
                Instant time = at.plusSeconds(n);
                String messageId = "m" + n++;
                events.add(Channel.event("evt-" + UUID.randomUUID(), time,
                        new MessageCreated(workspace, "star-bot", "web", id, messageId, sender, text, null, null, null)));
                events.add(Channel.event("evt-" + UUID.randomUUID(), time, new MessageCreated(other, "star-bot", "web",
                        "other-" + id, messageId, sender, text + " zanzibarique", null, null, null)));
                turns++;
            }
        }
        channel.sendAll(events);
        long expected = turns;
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> messagesIndexed(workspace) == expected && messagesIndexed(other) == expected);
    }

    @Test
    void aTypoFindsTheWordRankedBelowItsExactMatches() {
        // star-43's visitor typed "vacinated"; star-61 and star-63 spelled it right
        List<String> vaccinated = conversationsBestFirst("vaccinated");
        assertThat(vaccinated.subList(0, 2)).containsExactlyInAnyOrder("star-61", "star-63");
        assertThat(vaccinated).contains("star-43");
        assertThat(conversationsBestFirst("vacinated").get(0)).isEqualTo("star-43");
        // a transposition while typing
        assertThat(conversationsBestFirst("detriot")).contains("star-4", "star-25", "star-55");
    }

    @Test
    void whatATypoMatchedIsMarkedInTheMessage() {
        JsonPath typo = messages("vacinated");
        List<String> marked = typo.getList("items.findAll { it.conversationId in ['star-61', 'star-63'] }.highlight");
        assertThat(marked).isNotEmpty().allMatch(h -> h.toLowerCase(java.util.Locale.ROOT).contains("<em>vaccinated</em>"));
        List<String> detroit = messages("detriot").getList("items.highlight", String.class);
        assertThat(detroit).isNotEmpty().allMatch(h -> h.contains("<em>"))
                .anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).contains("<em>detroit</em>"));
        // the other workspace's word is never found, nor marked, from here
        assertThat(messages("zanzibariqe").getInt("total")).isZero();
    }

    @Test
    void aPhraseIsMatchedAsWrittenAndAWordIsExcluded() {
        assertThat(list("\"my name is alexis\"")).containsExactlyInAnyOrder("star-1", "star-10", "star-22", "star-27");
        assertThat(list("my name is alexis")).contains("star-1", "star-10", "star-22", "star-27");
        List<String> notDoctors = list("alexis -doctor");
        assertThat(notDoctors).contains("star-10", "star-11", "star-12", "star-15", "star-16", "star-22", "star-23", "star-26",
                "star-27", "star-31", "star-41").doesNotContain("star-1", "star-9", "star-43");
        assertThat(list("alexis -\"my name is alexis\"")).contains("star-9", "star-11").doesNotContain("star-1", "star-10");
    }

    @Test
    void aVisitorsNameOrIdAndAConversationsIdFindItFirst() {
        JsonPath byName = messages("Alexis");
        // "Alexis" is the visitor of star-4, whose messages never say it; fourteen other dialogues do
        assertThat(byName.getString("items[0].conversationId")).isEqualTo("star-4");
        assertThat(byName.getString("items[0].messageId")).isEqualTo("m0");
        assertThat(byName.getList("items.conversationId")).contains("star-1", "star-9");
        assertThat(messages("alexis moreau").getString("items[0].conversationId")).isEqualTo("star-4");
        assertThat(messages("visitor-star-22").getString("items[0].conversationId")).isEqualTo("star-22");
        assertThat(messages("star-43").getString("items[0].conversationId")).isEqualTo("star-43");
        assertThat(list("star-43")).contains("star-43");
    }

    @Test
    void theWordBeingTypedIsCompletedFromTheWorkspacesOwnMessages() {
        List<String> suggestions = suggest("vacc");
        assertThat(suggestions).contains("vaccinated");
        assertThat(suggest("the weather in detr")).contains("the weather in detroit");
        // another workspace's words are never offered
        assertThat(suggest("zanzib")).isEmpty();
        assertThat(suggest("?")).isEmpty();
    }

    @Test
    void anotherWorkspacesConversationsNeverShowInResultsOrFacets() {
        JsonPath found = messages("detroit");
        assertThat(found.getList("items.conversationId", String.class)).noneMatch(id -> id.startsWith("other-"));
        assertThat(found.getMap("facets.botId")).containsOnlyKeys("star-bot");
        assertThat(list("zanzibarique")).isEmpty();
        JsonPath otherFound = internal(other).contentType("application/json").body(Map.of("q", "zanzibarique detroit"))
                .post("/api/v1/search/messages").then().statusCode(200).extract().jsonPath();
        assertThat(otherFound.getList("items.conversationId", String.class)).allMatch(id -> id.startsWith("other-"))
                .isNotEmpty();
    }

    @Test
    void whateverIsTypedAnswersAResultOrAProblemNamingQ() {
        List<String> hostile = List.of("\"", "-", "--", "*", "?", "title:foo", "a AND OR NOT b", "(((", "\\", "/regex.*/",
                "{\"json\": 1}", "<script>alert(1)</script>", "' OR 1=1 --", "~", "^2", "x".repeat(256), "🙂 refund 🙂",
                "مرحبا", "a\u0000b", "alexis:moreau:star", "\" unbalanced", "-\"", "[1 TO 5]", "*:*", "_exists_:labels");
        for (String q : hostile) {
            for (String route : List.of("/api/v1/search/messages", "/api/v1/search/conversations", "/api/v1/search/counts",
                    "/api/v1/search/suggest")) {
                Response answer = internal(workspace).contentType("application/json").body(Map.of("q", q)).post(route);
                assertThat(answer.statusCode()).as(route + " " + q).isIn(200, 400);
                if (answer.statusCode() == 400) {
                    assertThat(answer.jsonPath().getList("errors.field", String.class)).as(route + " " + q).contains("q");
                }
            }
        }
        internal(workspace).contentType("application/json").body(Map.of("q", "x".repeat(257)))
                .post("/api/v1/search/messages").then().statusCode(400);
        // what would be syntax to Lucene is text here: a field name is a word like any other
        assertThat(list("title:foo")).isEmpty();
        assertThat(list("alexis:moreau")).doesNotContain("star-4");
    }

    /** The conversations of the matching messages, best first, each once. */
    static List<String> conversationsBestFirst(String q) {
        return messages(q).getList("items.conversationId", String.class).stream().distinct().toList();
    }

    static JsonPath messages(String q) {
        return internal(workspace).contentType("application/json").body(Map.of("q", q, "limit", 100))
                .post("/api/v1/search/messages").then().statusCode(200).extract().jsonPath();
    }

    static List<String> list(String q) {
        return internal(workspace).contentType("application/json").body(Map.of("q", q, "limit", 100))
                .post("/api/v1/search/conversations").then().statusCode(200).extract().jsonPath()
                .getList("conversationIds");
    }

    static List<String> suggest(String q) {
        return internal(workspace).contentType("application/json").body(Map.of("q", q)).post("/api/v1/search/suggest")
                .then().statusCode(200).extract().jsonPath().getList("suggestions");
    }

    static RequestSpecification internal(String workspace) {
        return given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace);
    }

    private long messagesIndexed(String workspace) throws IOException {
        var response = client.search(s -> s.index(config.index().name()).size(0)
                .query(q -> q.term(t -> t.field("workspaceId").value(workspace)))
                .aggregations("messages", a -> a.sum(x -> x.field("messageCount"))), Void.class);
        return (long) response.aggregations().get("messages").sum().value();
    }

    static List<JsonNode> dialogues() throws IOException {
        List<JsonNode> dialogues = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                QueryLanguageIT.class.getResourceAsStream("/data/star-dialogues-300.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && dialogues.size() < DIALOGUES; line = lines.readLine()) {
                dialogues.add(EventJson.mapper().readTree(line));
            }
        }
        return dialogues;
    }
}
