package org.chatinbox.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Similar conversations on 300 real STAR dialogues of 16 tasks: for each, the five most similar are asked for, and how often
 * one of them is a dialogue of the same task is compared with what five conversations drawn at random would give. The same
 * dialogues in another workspace never show.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class SimilarConversationsIT {

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    @Test
    void theFiveMostSimilarHoldADialogueOfTheSameTaskFarMoreOftenThanChance() throws IOException {
        String workspace = "similar-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "similar-other-" + UUID.randomUUID().toString().substring(0, 8);
        List<JsonNode> dialogues = new ArrayList<>();
        for (String line : java.nio.file.Files
                .readAllLines(java.nio.file.Path.of("src/test/resources/data/star-dialogues-300.jsonl"))) {
            dialogues.add(org.chatinbox.events.EventJson.mapper().readTree(line));
        }
        Map<String, Set<String>> tasks = new HashMap<>();
        List<CloudEvent<?>> events = new ArrayList<>();
        for (JsonNode dialogue : dialogues) {
            String id = dialogue.path("id").asText();
            Set<String> own = new HashSet<>();
            dialogue.path("meta").path("tasks").forEach(task -> own.add(task.asText()));
            tasks.put(id, own);
            Instant at = Instant.ofEpochSecond(dialogue.path("turns").path(0).path("ts").asLong());
            int n = 0;
            for (JsonNode turn : dialogue.path("turns")) {
                boolean visitor = "user".equals(turn.path("speaker").asText());
                Sender sender = visitor ? new Sender(Role.VISITOR, "v-" + id, null) : new Sender(Role.BOT, "star-bot", null);
                for (String ws : List.of(workspace, other)) {
                    events.add(Channel.event("evt-" + UUID.randomUUID(), at.plusSeconds(n), new MessageCreated(ws, "star-bot",
                            "web", ws.equals(other) ? "other-" + id : id, "m" + n, sender, turn.path("text").asText(), null,
                            null, null)));
                }
                n++;
            }
        }
        try (Channel channel = new Channel()) {
            channel.sendAll(events);
        }
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> embedded(workspace) == dialogues.size());

        int hits = 0;
        int wordHits = 0;
        double chance = 0;
        for (JsonNode dialogue : dialogues) {
            String id = dialogue.path("id").asText();
            JsonPath similar = given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                    .contentType("application/json").body(Map.of("conversationId", id, "limit", 5))
                    .post("/api/v1/search/similar").then().statusCode(200).extract().jsonPath();
            List<String> found = similar.getList("items.conversationId");
            assertThat(found).hasSize(5).doesNotContain(id).allMatch(tasks::containsKey);
            assertThat(similar.getList("items.score", Float.class)).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(similar.getList("items.highlight", String.class)).allMatch(h -> !h.isBlank());
            if (found.stream().anyMatch(f -> shareATask(tasks.get(id), tasks.get(f)))) {
                hits++;
            }
            // the alternative, measured beside it: more_like_this on the words of the visitor's first messages
            if (moreLikeThis(workspace, id).stream().anyMatch(f -> shareATask(tasks.get(id), tasks.get(f)))) {
                wordHits++;
            }
            long sameTask = tasks.keySet().stream().filter(f -> !f.equals(id) && shareATask(tasks.get(id), tasks.get(f)))
                    .count();
            chance += 1 - choose(dialogues.size() - 1 - sameTask, 5) / choose(dialogues.size() - 1, 5);
        }
        double rate = (double) hits / dialogues.size();
        chance /= dialogues.size();
        System.out.printf("similar conversations: a same-task dialogue among the 5 most similar for %.1f%% of %d dialogues "
                + "(more_like_this on the same openings: %.1f%%; 5 at random: %.1f%%)%n", 100 * rate, dialogues.size(),
                100.0 * wordHits / dialogues.size(), 100 * chance);
        assertThat(rate).as("rate against chance %.3f", chance).isGreaterThan(chance + 0.3);

        // an unknown conversation, or another workspace's, has nothing similar
        given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .contentType("application/json").body(Map.of("conversationId", "other-star-1"))
                .post("/api/v1/search/similar").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .contentType("application/json").body(Map.of("conversationId", "star-1", "limit", 21))
                .post("/api/v1/search/similar").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("limit"));
    }

    static boolean shareATask(Set<String> a, Set<String> b) {
        return a.stream().anyMatch(b::contains);
    }

    static double choose(long n, int k) {
        double result = 1;
        for (int i = 0; i < k; i++) {
            result = result * (n - i) / (i + 1);
        }
        return n < k ? 0 : result;
    }

    /** The five conversations whose visitor messages share most words with this one's opening, by more_like_this. */
    private List<String> moreLikeThis(String workspace, String id) throws IOException {
        var own = client.get(g -> g.index(config.index().name()).id(workspace + "/" + id), JsonNode.class);
        String opening = own.source().path("opening").asText();
        var found = client.search(s -> s.index(config.index().name()).size(5).source(src -> src.fetch(false))
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("workspaceId").value(workspace)))
                        .mustNot(n -> n.term(t -> t.field("conversationId").value(id)))
                        .must(m -> m.nested(n -> n.path("messages").query(x -> x.moreLikeThis(l -> l
                                .fields("messages.text").like(k -> k.text(opening)).minTermFreq(1).minDocFreq(1))))))),
                Void.class);
        return found.hits().hits().stream().map(hit -> hit.id().substring(workspace.length() + 1)).toList();
    }

    /** The workspace's conversations that have the embedding of their opening. */
    private long embedded(String workspace) throws IOException {
        return client.count(c -> c.index(config.index().name()).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("workspaceId").value(workspace)))
                .filter(f -> f.exists(e -> e.field("visitorVector")))
                .filter(f -> f.term(t -> t.field("needsEmbedding").value(false)))))).count();
    }
}
