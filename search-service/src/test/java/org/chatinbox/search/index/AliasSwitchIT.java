package org.chatinbox.search.index;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.Role;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A new version of the index filled behind the alias while the old one answers, then switched in one step: the alias is moved
 * to an "older" index holding one marker conversation while 3,000 messages (300 conversations) are on Kafka, and every search
 * until the switch answers the old index's marker, every search after it all 300 conversations: never a part, never nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class AliasSwitchIT {

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    @Inject
    ConversationIndex index;

    @Test
    void searchesAnswerFromTheOldIndexUntilTheNewOneHasCaughtUpThenFromTheNewOneOnly() throws Exception {
        String workspace = "switch-" + UUID.randomUUID().toString().substring(0, 8);
        String word = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String alias = config.index().name();
        String current = index.indexName();
        String older = alias + "-v0";
        index.ensureExists();
        // a run cut short may have left its older index behind
        client.indices().delete(d -> d.index(older).ignoreUnavailable(true));
        try (InputStream body = AliasSwitchIT.class.getResourceAsStream("/search/conversations-index.json")) {
            String settings = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            client.indices().create(c -> c.index(older).withJson(new StringReader(settings)));
        }
        client.index(i -> i.index(older).id(workspace + "/old-marker").refresh(Refresh.True).withJson(new StringReader("""
                {"workspaceId": "%s", "conversationId": "old-marker", "status": "open", "mode": "BOT",
                 "lastMessageAt": "2026-01-01T00:00:00Z", "messageCount": 1,
                 "messages": [{"messageId": "m0", "role": "visitor", "text": "the old index %s",
                               "sentAt": "2026-01-01T00:00:00Z"}]}""".formatted(workspace, word))));

        List<CloudEvent<?>> messages = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        for (int i = 0; i < 3_000; i++) {
            messages.add(Channel.message(workspace, "conv-" + (i % 300), "m" + i, Role.VISITOR, "parcel " + word + " " + i,
                    t0.plusMillis(i), null));
        }
        try (Channel channel = new Channel()) {
            channel.sendAll(messages);
        }
        // as if this service were a new version started beside the old index: the alias names the old one only
        client.indices().updateAliases(u -> u.actions(a -> a.remove(r -> r.index(current).alias(alias)))
                .actions(a -> a.add(x -> x.index(older).alias(alias))));

        Set<Long> answers = new HashSet<>();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath found = given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                    .contentType("application/json").body(Map.of("q", word, "limit", 1)).post("/api/v1/search/conversations")
                    .then().statusCode(200).extract().jsonPath();
            long total = found.getLong("total");
            if (total == 1) {
                assertThat(found.getList("conversationIds")).containsExactly("old-marker");
            }
            answers.add(total);
            return total == 300;
        });
        assertThat(answers).as("the old index's answer, then the new one's whole").isSubsetOf(1L, 300L);
        assertThat(index.aliased()).containsExactly(current);
        client.indices().delete(d -> d.index(older));
    }
}
