package org.chatinbox.summary.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.BotReply;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Summaries and insights as the gateway asks for them, from real dialogues (STAR, CLINC150; see {@code data/SOURCE.md}) sent as
 * a channel sends them, on the build's real Kafka and PostgreSQL. Each test works in a workspace of its own: the build's other
 * modules write on the same topics.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "summary_test"))
class SummaryResourceIT {

    /** STAR's own marks of a bot turn that failed the visitor (its SOURCE.md): sent as {@code bot.fallback}. */
    private static final Pattern FAILED = Pattern
            .compile("out_of_scope|fail|unavailable|nothing_found|cannot_authenticate|not_available|no_venue");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

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
    void aDialogueWhereTheBotFailsIsUnansweredAndItsQuestionAKnowledgeGap() throws IOException {
        String workspace = newWorkspace();
        // star-2..: the first dialogue whose bot did not understand; cut at that turn, where the visitor gave up
        JsonNode dialogue = dialogues().stream().filter(d -> labels(d).contains("out_of_scope")).findFirst().orElseThrow();
        List<JsonNode> turns = new ArrayList<>();
        String failedQuestion = null;
        for (JsonNode turn : dialogue.get("turns")) {
            turns.add(turn);
            if ("out_of_scope".equals(turn.path("label").asText())) {
                break;
            }
            if ("user".equals(turn.get("speaker").asText())) {
                failedQuestion = turn.get("text").asText();
            }
        }
        String conversation = send(workspace, "support-bot", turns);

        JsonPath summary = awaitSummary(workspace, conversation, turns.size());
        assertThat(summary.getString("outcome")).isEqualTo("unanswered");
        assertThat(summary.getString("method")).isEqualTo("extractive");
        assertThat(summary.getString("text")).isNotBlank().contains("could not answer");
        String question = failedQuestion;
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
            JsonPath gaps = as(workspace).get("/api/v1/insights/knowledge-gaps").then().statusCode(200).extract().jsonPath();
            assertThat(gaps.getList("items.question", String.class)).contains(question);
            assertThat(gaps.getList("items[0].conversationIds", String.class)).containsExactly(conversation);
        });
    }

    @Test
    void aLongDialoguesSummaryHoldsTheVisitorsRequestAndChangesWithANewMessage() throws IOException {
        String workspace = newWorkspace();
        JsonNode dialogue = dialogues().stream().filter(d -> "star-157".equals(d.get("id").asText())).findFirst()
                .orElseThrow();
        List<JsonNode> turns = new ArrayList<>();
        dialogue.get("turns").forEach(turns::add);
        try (TopicProbe summaries = TopicProbe.open(bootstrap(), Topics.SUMMARIES)) {
            String conversation = send(workspace, "support-bot", turns);
            JsonPath summary = awaitSummary(workspace, conversation, turns.size());
            assertThat(summary.getString("visitorIntent")).isEqualTo("I want to play a trivia game.");
            assertThat(summary.getString("text")).contains("I want to play a trivia game.");
            assertThat(summary.getList("keyPoints", String.class)).hasSizeBetween(1, 4)
                    .allSatisfy(point -> assertThat(point).matches("(Visitor|Bot): .+"));
            assertThat(summary.getString("outcome")).isEqualTo("answered");
            assertThat(summary.getInt("messageCount")).isEqualTo(50);
            // a burst of 50 messages is summarised once or twice, never once per message
            int published = summaries.arrived(r -> conversation.equals(r.key())).size();
            assertThat(published).isBetween(1, 3);

            Instant generated = Instant.parse(summary.getString("generatedAt"));
            channel.send(message(workspace, "support-bot", conversation, "m-late", Role.VISITOR,
                    "Actually I need to speak with a person about a refund for my subscription", Instant.now(), false));
            channel.send(Channel.event("evt-" + UUID.randomUUID(), Instant.now(),
                    new HandoffRequested(workspace, conversation, "the visitor asked for a person")));
            Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
                JsonPath later = as(workspace).get("/api/v1/conversations/{id}/summary", conversation).then().statusCode(200)
                        .extract().jsonPath();
                assertThat(later.getInt("messageCount")).isEqualTo(51);
                assertThat(later.getString("outcome")).isEqualTo("handed-off");
                assertThat(Instant.parse(later.getString("generatedAt"))).isAfter(generated);
            });
            List<ConsumerRecord<String, byte[]>> records = summaries.await(r -> conversation.equals(r.key()), published + 1);
            JsonNode event = EventJson.mapper().readTree(records.get(records.size() - 1).value());
            assertThat(event.get("type").asText()).isEqualTo("inbox.summary.updated");
            assertThat(event.at("/data/workspaceId").asText()).isEqualTo(workspace);
            assertThat(event.at("/data/outcome").asText()).isEqualTo("handed-off");
        }
    }

    @Test
    void paraphrasesOfFailedQuestionsLandTogetherAndAnsweredOnesStayOut() throws IOException, SQLException {
        String workspace = newWorkspace();
        List<JsonNode> failed = lines("clinc150-five-intents.jsonl");
        List<JsonNode> answered = lines("clinc150-out-of-scope.jsonl");
        Map<String, String> intentOf = new HashMap<>();
        List<CloudEvent<?>> events = new ArrayList<>();
        Instant at = Instant.now().minusSeconds(600);
        for (JsonNode query : failed) {
            String conversation = Channel.newConversation();
            intentOf.put(conversation, query.get("label").asText());
            events.add(message(workspace, "support-bot", conversation, "q", Role.VISITOR, query.get("text").asText(), at,
                    false));
            events.add(message(workspace, "support-bot", conversation, "a", Role.BOT,
                    "Sorry, I did not get that. Could you rephrase?", at.plusSeconds(1), true));
        }
        for (JsonNode query : answered) {
            String conversation = Channel.newConversation();
            events.add(message(workspace, "support-bot", conversation, "q", Role.VISITOR, query.get("text").asText(), at,
                    false));
            events.add(message(workspace, "support-bot", conversation, "a", Role.BOT, "Here is what I found for you.",
                    at.plusSeconds(1), false));
        }
        channel.sendAll(events);

        Awaitility.await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(groups(workspace, "knowledge-gaps").stream().mapToInt(SummaryResourceIT::count).sum())
                        .isEqualTo(150));
        List<Map<String, Object>> gaps = groups(workspace, "knowledge-gaps");
        // purity: the share of questions in the intent that dominates their group, read from the groups' members
        Map<Long, Map<String, Integer>> intentsByGroup = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT group_id, conversation_id FROM question WHERE workspace_id = ? AND kind = 'gap'")) {
            select.setString(1, workspace);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    assertThat(intentOf).containsKey(rows.getString(2)); // no answered query among the gaps
                    intentsByGroup.computeIfAbsent(rows.getLong(1), g -> new HashMap<>())
                            .merge(intentOf.get(rows.getString(2)), 1, Integer::sum);
                }
            }
        }
        int dominant = intentsByGroup.values().stream()
                .mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
        double purity = dominant / 150.0;
        System.out.printf("knowledge gaps of 5 CLINC150 intents x 30: %d groups, purity %.3f%n", gaps.size(), purity);
        assertThat(gaps.size()).isLessThan(40);
        assertThat(purity).isGreaterThanOrEqualTo(0.85);
        // the biggest groups each stand for one intent
        assertThat(count(gaps.get(0))).isGreaterThanOrEqualTo(10);

        // every conversation's opening question is a top question, the answered ones too (but the few too short to say
        // anything, such as "what's my balance")
        Awaitility.await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(groups(workspace, "top-questions").stream().mapToInt(SummaryResourceIT::count).sum())
                        .isBetween(190, 200));
    }

    @Test
    void botFiguresCountEachEventOnceAndAReplacedRatingOnce() {
        String workspace = newWorkspace();
        String conversation = Channel.newConversation();
        Instant at = Instant.parse("2026-11-20T09:00:00Z");
        CloudEvent<?> question = message(workspace, "sales-bot", conversation, "m1", Role.VISITOR,
                "How much does the premium plan cost per month?", at, false);
        CloudEvent<?> fallback = message(workspace, "sales-bot", conversation, "m2", Role.BOT,
                "Sorry, I did not understand.", at.plusSeconds(2), true);
        CloudEvent<?> answer = message(workspace, "sales-bot", conversation, "m3", Role.BOT,
                "The premium plan costs 20 euros a month.", at.plusSeconds(4), false);
        CloudEvent<?> unhelpful = Channel.event("evt-" + UUID.randomUUID(), at.plusSeconds(6),
                new FeedbackRecorded(workspace, conversation, "m3", Rating.UNHELPFUL, null));
        CloudEvent<?> helpful = Channel.event("evt-" + UUID.randomUUID(), at.plusSeconds(8),
                new FeedbackRecorded(workspace, conversation, "m3", Rating.HELPFUL, null));
        CloudEvent<?> request = Channel.event("evt-" + UUID.randomUUID(), at.plusSeconds(10),
                new HandoffRequested(workspace, conversation, "pricing"));
        CloudEvent<?> takeover = Channel.event("evt-" + UUID.randomUUID(), at.plusSeconds(40),
                new HandoffChanged(workspace, conversation, Mode.HUMAN, "alice", false, "alice", null, at.plusSeconds(10)));
        channel.sendAll(List.of(question, fallback, answer, unhelpful, helpful, request, takeover));
        // the same events again, and the same message under a new event id, as a retrying channel sends them
        channel.sendAll(List.of(question, fallback, answer, unhelpful, helpful, request, takeover));
        channel.send(message(workspace, "sales-bot", conversation, "m2", Role.BOT, "Sorry, I did not understand.",
                at.plusSeconds(2), true));
        String last = Channel.newConversation(); // a marker: once it is counted, everything before it is too
        channel.send(message(workspace, "sales-bot", last, "m1", Role.VISITOR, "Do you ship to Canada?", at.plusSeconds(50),
                false));
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
            JsonPath days = as(workspace).queryParam("since", "2026-11-20T00:00:00Z")
                    .queryParam("until", "2026-11-21T00:00:00Z").get("/api/v1/insights/bot-performance").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(days.getList("items")).hasSize(1);
            assertThat(days.getString("items[0].botId")).isEqualTo("sales-bot");
            assertThat(days.getString("items[0].day")).isEqualTo("2026-11-20");
            assertThat(days.getInt("items[0].conversations")).isEqualTo(2);
            assertThat(days.getDouble("items[0].handoffRate")).isEqualTo(0.5);
            assertThat(days.getDouble("items[0].containmentRate")).isEqualTo(0.5);
            assertThat(days.getDouble("items[0].fallbackRate")).isEqualTo(0.5);
            assertThat(days.getInt("items[0].helpful")).isEqualTo(1);
            assertThat(days.getInt("items[0].unhelpful")).isZero();
            assertThat(days.getDouble("items[0].medianSecondsToHuman")).isEqualTo(30.0);
        });
        // the fallback, the unhelpful rating and the request for a human all failed the same question: one gap
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
            List<Map<String, Object>> gaps = groups(workspace, "knowledge-gaps");
            assertThat(gaps).hasSize(1);
            assertThat(gaps.get(0)).containsEntry("question", "How much does the premium plan cost per month?")
                    .containsEntry("count", 1);
        });
        assertThat(groups(workspace, "knowledge-gaps", "2026-11-21T00:00:00Z", null)).isEmpty();
        assertThat(groups(workspace, "knowledge-gaps", "2026-11-20T09:00:00Z", "2026-11-20T09:00:01Z")).hasSize(1);
    }

    @Test
    void anotherWorkspaceSeesNone() {
        String workspace = newWorkspace();
        String conversation = Channel.newConversation();
        Instant at = Instant.now();
        channel.sendAll(List.of(
                message(workspace, "support-bot", conversation, "m1", Role.VISITOR, "Where is my parcel right now?", at,
                        false),
                message(workspace, "support-bot", conversation, "m2", Role.BOT, "I did not get that.", at.plusSeconds(1),
                        true)));
        awaitSummary(workspace, conversation, 2);
        Awaitility.await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(groups(workspace, "knowledge-gaps")).hasSize(1));

        String stranger = newWorkspace();
        as(stranger).get("/api/v1/conversations/{id}/summary", conversation).then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(groups(stranger, "knowledge-gaps")).isEmpty();
        assertThat(groups(stranger, "top-questions")).isEmpty();
        as(stranger).get("/api/v1/insights/bot-performance").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void badParametersAreNamed() {
        String workspace = newWorkspace();
        as(workspace).queryParam("limit", "0").get("/api/v1/insights/knowledge-gaps").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        as(workspace).queryParam("since", "yesterday").get("/api/v1/insights/top-questions").then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
        as(workspace).queryParam("cursor", "%%%").get("/api/v1/insights/top-questions").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        as(workspace).queryParam("since", "2025-01-01T00:00:00Z").queryParam("until", "2026-06-01T00:00:00Z")
                .get("/api/v1/insights/bot-performance").then().statusCode(400).body("errors[0].field", equalTo("since"));
        as(workspace).queryParam("since", "2026-06-01T00:00:00Z").queryParam("until", "2026-05-01T00:00:00Z")
                .get("/api/v1/insights/knowledge-gaps").then().statusCode(400).body("errors[0].field", equalTo("since"));
    }

    // --- helpers

    private static String newWorkspace() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonPath awaitSummary(String workspace, String conversation, int messages) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> as(workspace)
                .get("/api/v1/conversations/{id}/summary", conversation).then().statusCode(200)
                .body("messageCount", equalTo(messages)));
        return as(workspace).get("/api/v1/conversations/{id}/summary", conversation).then().extract().jsonPath();
    }

    private static int count(Map<String, Object> group) {
        return ((Number) group.get("count")).intValue();
    }

    private static List<Map<String, Object>> groups(String workspace, String insight) {
        return groups(workspace, insight, null, null);
    }

    /** Every group of the insight, page after page. */
    private static List<Map<String, Object>> groups(String workspace, String insight, String since, String until) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = as(workspace).queryParam("limit", 7);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            if (since != null) {
                request.queryParam("since", since);
            }
            if (until != null) {
                request.queryParam("until", until);
            }
            JsonPath page = request.get("/api/v1/insights/" + insight).then().statusCode(200).extract().jsonPath();
            all.addAll(page.<Map<String, Object>>getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    /** Sends a STAR dialogue's turns as one conversation, a second apart; returns its id. */
    private static String send(String workspace, String bot, List<JsonNode> turns) {
        String conversation = Channel.newConversation();
        Instant at = Instant.now().minusSeconds(turns.size());
        List<CloudEvent<?>> events = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            JsonNode turn = turns.get(i);
            boolean visitor = "user".equals(turn.get("speaker").asText());
            events.add(message(workspace, bot, conversation, "m" + i, visitor ? Role.VISITOR : Role.BOT,
                    turn.get("text").asText(), at.plusSeconds(i),
                    !visitor && FAILED.matcher(turn.path("label").asText()).find()));
        }
        channel.sendAll(events);
        return conversation;
    }

    private static CloudEvent<MessageCreated> message(String workspace, String bot, String conversation, String messageId,
            Role role, String text, Instant at, boolean fallback) {
        MessageCreated data = new MessageCreated(workspace, bot, "web", conversation, messageId,
                new Sender(role, role == Role.VISITOR ? "v-1" : bot, null), text,
                role == Role.BOT ? new BotReply(fallback, null, null) : null, null, null);
        return CloudEvent.of("evt-" + UUID.randomUUID(), "/channels/web", at, data);
    }

    private static List<String> labels(JsonNode dialogue) {
        List<String> labels = new ArrayList<>();
        dialogue.get("turns").forEach(t -> labels.add(t.path("label").asText()));
        return labels;
    }

    private static List<JsonNode> dialogues() throws IOException {
        return lines("star-dialogues.jsonl");
    }

    private static List<JsonNode> lines(String file) throws IOException {
        try (InputStream in = SummaryResourceIT.class.getResourceAsStream("/data/" + file)) {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    nodes.add(EventJson.mapper().readTree(line));
                }
            }
            return nodes;
        }
    }

    static RequestSpecification as(String workspace) {
        return given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .header("X-Inbox-Agent", "alice").header("X-Inbox-Roles", "agent");
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
