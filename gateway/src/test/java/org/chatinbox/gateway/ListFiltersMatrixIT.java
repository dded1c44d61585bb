package org.chatinbox.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * One definition of the list's filters: the list answered by conversation-service and the same list with a keyword that every
 * conversation holds, answered by search-service, must show the same conversations in the same order, page by page, with the
 * same counts, for every filter alone and in pairs. Conversations of every kind are made as a channel and agents make them,
 * within a time window of this run's own that scopes every query.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service,summary-service"))
class ListFiltersMatrixIT {

    private static final String ALICE = "demo-alice-key";
    private static final String BOB = "demo-bob-key";

    private final Random random = new Random();
    private final String run = Long.toString(Math.abs(random.nextLong()), 36);
    /** A word every conversation of this run opens with, and nothing else holds. */
    private final String word = "mx" + run;
    private final String botA = "mx-a-" + run;
    private final String botB = "mx-b-" + run;
    /** The run's window: a day of 2001 of its own, so that no other test's conversation falls in it. */
    private final Instant start = Instant.parse("2001-01-01T00:00:00Z").plus(random.nextInt(3_000), ChronoUnit.DAYS);

    @Test
    void theListAndTheListWithAKeywordAgreeOnEveryFilterAloneAndInPairs() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add("mx-" + run + "-" + i);
        }
        StringJoiner events = new StringJoiner(",", "[", "]");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String bot = i % 2 == 0 ? botA : botB;
            String channel = i % 3 == 0 ? "telegram" : "web";
            // conversations 10 and 11 end at the same time: their order is the id's
            Instant at = start.plus(i == 11 ? 10 : i, ChronoUnit.MINUTES);
            events.add(message(id, "v", bot, channel, "visitor", "Visitor " + i, word + " I need help with order " + i,
                    at.minusSeconds(30), false));
            events.add(message(id, "b", bot, channel, "bot", "Bot", "Let me see", at, i == 1));
        }
        // 2 and 3 ask for a human; 8 rates the bot's answer unhelpful, 9 helpful
        events.add(event("inbox.handoff.requested", ids.get(2), start.plus(2, ChronoUnit.MINUTES).plusSeconds(1),
                "{\"workspaceId\": \"demo\", \"conversationId\": \"%s\", \"reason\": \"visitor asked\"}"
                        .formatted(ids.get(2))));
        events.add(event("inbox.handoff.requested", ids.get(3), start.plus(3, ChronoUnit.MINUTES).plusSeconds(1),
                "{\"workspaceId\": \"demo\", \"conversationId\": \"%s\", \"reason\": \"visitor asked\"}"
                        .formatted(ids.get(3))));
        events.add(feedback(ids.get(8), "unhelpful", start.plus(8, ChronoUnit.MINUTES).plusSeconds(1)));
        events.add(feedback(ids.get(9), "helpful", start.plus(9, ChronoUnit.MINUTES).plusSeconds(1)));
        given().header("X-API-Key", "demo-channel-key").contentType("application/cloudevents-batch+json")
                .body(events.toString()).post("/api/v1/ingest/events").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(flat(pages(Map.of(), null, 100))).hasSize(ids.size()));

        // agents act as they do from the inbox
        post(ALICE, ids.get(3), "takeover", null);
        post(ALICE, ids.get(4), "takeover", null);
        post(ALICE, ids.get(4), "handback", null);
        agent(ALICE).contentType("application/json").body("{\"agentId\": \"bob\"}")
                .put("/api/v1/conversations/" + ids.get(5) + "/assignee").then().statusCode(200);
        post(ALICE, ids.get(6), "resolve", null);
        labels(ids.get(6), "billing");
        post(ALICE, ids.get(7), "snooze", "{\"until\": \"" + Instant.now().plus(7, ChronoUnit.DAYS) + "\"}");
        labels(ids.get(7), "billing", "vip");
        labels(ids.get(8), "vip");
        post(ALICE, ids.get(9), "resolve", null);
        post(BOB, ids.get(10), "takeover", null);

        // both sides have seen every change: the states the list shows, through either store
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String status : List.of("open", "resolved", "snoozed")) {
                assertThat(pages(Map.of("status", List.of(status)), word, 100))
                        .isEqualTo(pages(Map.of("status", List.of(status)), null, 100));
            }
            assertThat(flat(pages(Map.of("status", List.of("resolved")), word, 100))).containsExactly(ids.get(9), ids.get(6));
            assertThat(flat(pages(Map.of("mode", List.of("HUMAN")), word, 100))).containsExactly(ids.get(10), ids.get(3));
            assertThat(flat(pages(Map.of("assignee", List.of("bob")), word, 100))).containsExactly(ids.get(10), ids.get(5));
            assertThat(flat(pages(Map.of("label", List.of("vip")), word, 100))).containsExactly(ids.get(8), ids.get(7));
            assertThat(flat(pages(Map.of("needsHuman", List.of("true")), word, 100))).containsExactly(ids.get(2));
            assertThat(flat(pages(Map.of("botFailed", List.of("true")), word, 100))).containsExactly(ids.get(8), ids.get(3),
                    ids.get(2), ids.get(1));
        });

        Map<String, Map<String, List<String>>> filters = new LinkedHashMap<>();
        filters.put("botId", Map.of("botId", List.of(botA)));
        filters.put("channel", Map.of("channel", List.of("telegram")));
        filters.put("assignee", Map.of("assignee", List.of("alice")));
        filters.put("assignee=me", Map.of("assignee", List.of("me")));
        filters.put("assignee=none", Map.of("assignee", List.of("none")));
        filters.put("mode", Map.of("mode", List.of("HUMAN")));
        filters.put("mode=BOT", Map.of("mode", List.of("BOT")));
        filters.put("status", Map.of("status", List.of("open")));
        filters.put("status=resolved", Map.of("status", List.of("resolved")));
        filters.put("status=snoozed", Map.of("status", List.of("snoozed")));
        filters.put("needsHuman", Map.of("needsHuman", List.of("false")));
        filters.put("needsHuman=true", Map.of("needsHuman", List.of("true")));
        filters.put("label", Map.of("label", List.of("billing")));
        filters.put("labels", Map.of("label", List.of("billing", "vip")));
        filters.put("botFailed", Map.of("botFailed", List.of("true")));
        filters.put("botFailed=false", Map.of("botFailed", List.of("false")));
        filters.put("since", Map.of("since", List.of(start.plus(5, ChronoUnit.MINUTES).toString())));
        filters.put("until", Map.of("until", List.of(start.plus(8, ChronoUnit.MINUTES).toString())));

        List<Map<String, List<String>>> cases = new ArrayList<>(filters.values());
        List<String> kinds = new ArrayList<>(filters.keySet());
        for (int i = 0; i < kinds.size(); i++) {
            for (int j = i + 1; j < kinds.size(); j++) {
                if (!kind(kinds.get(i)).equals(kind(kinds.get(j)))) {
                    Map<String, List<String>> pair = new LinkedHashMap<>(filters.get(kinds.get(i)));
                    pair.putAll(filters.get(kinds.get(j)));
                    cases.add(pair);
                }
            }
        }
        int nonEmpty = 0;
        for (Map<String, List<String>> filter : cases) {
            List<List<String>> listed = pages(filter, null, 2);
            assertThat(pages(filter, word, 2)).as("the list with a keyword, filtered by %s", filter).isEqualTo(listed);
            assertThat(counts(filter, word)).as("the counts with a keyword, filtered by %s", filter)
                    .isEqualTo(counts(filter, null));
            nonEmpty += listed.isEmpty() ? 0 : 1;
        }
        // a matrix of empty answers would prove nothing
        assertThat(nonEmpty).isGreaterThan(cases.size() * 2 / 3);
    }

    private static String kind(String name) {
        int equals = name.indexOf('=');
        return equals < 0 ? name.replace("labels", "label") : name.substring(0, equals);
    }

    /** Every page of the list, to the end, as the ids each page shows; with {@code q} when a keyword is given. */
    private List<List<String>> pages(Map<String, List<String>> filter, String q, int limit) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = scoped(filter).queryParam("limit", limit);
            if (q != null) {
                request = request.queryParam("q", q);
            }
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/conversations").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id", String.class);
            if (!ids.isEmpty()) {
                pages.add(ids);
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return pages;
    }

    private Map<String, Object> counts(Map<String, List<String>> filter, String q) {
        RequestSpecification request = scoped(filter);
        if (q != null) {
            request = request.queryParam("q", q);
        }
        Map<String, Object> counts = new LinkedHashMap<>(
                request.get("/api/v1/conversations/counts").then().statusCode(200).extract().jsonPath().getMap(""));
        counts.remove("exact");
        return counts;
    }

    /** Alice's request with the filter, within this run's window (unless the filter bounds it itself). */
    private RequestSpecification scoped(Map<String, List<String>> filter) {
        RequestSpecification request = agent(ALICE);
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put("since", List.of(start.toString()));
        all.put("until", List.of(start.plus(1, ChronoUnit.HOURS).toString()));
        all.putAll(filter);
        for (Map.Entry<String, List<String>> parameter : all.entrySet()) {
            request = request.queryParam(parameter.getKey(), parameter.getValue());
        }
        return request;
    }

    private static List<String> flat(List<List<String>> pages) {
        return pages.stream().flatMap(List::stream).collect(Collectors.toList());
    }

    private static RequestSpecification agent(String key) {
        return given().header("X-API-Key", key);
    }

    private static void post(String key, String conversation, String action, String body) {
        RequestSpecification request = agent(key);
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        request.post("/api/v1/conversations/" + conversation + "/" + action).then().statusCode(200);
    }

    private static void labels(String conversation, String... labels) {
        String list = java.util.Arrays.stream(labels).map(l -> "\"" + l + "\"").collect(Collectors.joining(","));
        agent(ALICE).contentType("application/json").body("{\"labels\": [" + list + "]}")
                .put("/api/v1/conversations/" + conversation + "/labels").then().statusCode(200);
    }

    private static String message(String conversation, String suffix, String bot, String channel, String role, String name,
            String text, Instant at, boolean fallback) {
        String sender = "visitor".equals(role)
                ? "{\"role\": \"visitor\", \"id\": \"v-%s\", \"name\": \"%s\"}".formatted(conversation, name)
                : "{\"role\": \"%s\"}".formatted(role);
        String botInfo = "bot".equals(role) ? ", \"bot\": {\"fallback\": " + fallback + "}" : "";
        return event("inbox.message.created", conversation + "-" + suffix, at, """
                {"workspaceId": "demo", "botId": "%s", "channel": "%s", "conversationId": "%s", "messageId": "%s",
                 "sender": %s, "text": "%s"%s}""".formatted(bot, channel, conversation, conversation + "-" + suffix, sender,
                text, botInfo));
    }

    private static String feedback(String conversation, String rating, Instant at) {
        return event("inbox.feedback.recorded", conversation + "-rated", at, """
                {"workspaceId": "demo", "conversationId": "%s", "messageId": "%s", "rating": "%s"}"""
                .formatted(conversation, conversation + "-b", rating));
    }

    private static String event(String type, String id, Instant at, String data) {
        return """
                {"specversion": "1.0", "id": "evt-%s", "source": "/channels/web", "type": "%s", "time": "%s",
                 "data": %s}""".formatted(id, type, at, data);
    }
}
