package org.chatinbox.summary.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chatinbox.summary.rest.SummaryResourceIT.as;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.BotReply;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.FakePlatform;
import org.chatinbox.testsupport.FakePlatform.Answer;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The model method against a fake OpenAI-compatible endpoint on loopback (the test profile points summary-service at it): what
 * the model answers becomes the summary, with the outcome the events decide; a model that is slow, fails, answers nonsense or
 * is over the workspace's rate gives way to the extractive method, and {@code method} says which.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "summary_test"))
class LlmSummaryIT {

    private static final String COMPLETIONS = "/v1/chat/completions";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static FakePlatform model;
    private static Channel channel;

    @BeforeAll
    static void start() {
        model = FakePlatform.start(18483);
        model.always(COMPLETIONS, Answer.status(500, "{\"error\":{\"message\":\"overloaded\"}}"));
        channel = new Channel();
    }

    @AfterAll
    static void stop() {
        channel.close();
        model.close();
    }

    @Test
    void theModelsSummaryIsKeptWithTheOutcomeTheEventsDecide() throws Exception {
        String workspace = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        String conversation = Channel.newConversation();
        model.answerWhen(COMPLETIONS, conversationMark(conversation), Answer.status(200, completion("""
                {"text": "The visitor wants a refund for a double charge. The bot could not help.",
                 "keyPoints": ["Charged twice on 3 March", "Wants the money back"],
                 "visitorIntent": "Get a refund for a double charge"}""")));
        Instant at = Instant.now();
        channel.sendAll(List.of(
                message(workspace, conversation, "m1", Role.VISITOR, "I was charged twice on 3 March " + conversationMark(
                        conversation), at, false),
                message(workspace, conversation, "m2", Role.BOT, "Sorry, I did not understand.", at.plusSeconds(1), true)));

        JsonPath summary = await(workspace, conversation);
        assertThat(summary.getString("method")).isEqualTo("llm:gpt-4o-mini");
        assertThat(summary.getString("text")).isEqualTo(
                "The visitor wants a refund for a double charge. The bot could not help.");
        assertThat(summary.getList("keyPoints", String.class)).containsExactly("Charged twice on 3 March",
                "Wants the money back");
        assertThat(summary.getString("visitorIntent")).isEqualTo("Get a refund for a double charge");
        assertThat(summary.getString("outcome")).isEqualTo("unanswered");

        FakePlatform.Call call = model.calls(COMPLETIONS).stream()
                .filter(c -> c.body().contains(conversationMark(conversation))).findFirst().orElseThrow();
        assertThat(call.header("Authorization")).isEqualTo("Bearer test-llm-key");
        JsonNode request = EventJson.mapper().readTree(call.body());
        assertThat(request.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(request.get("max_tokens").asInt()).isEqualTo(300);
        assertThat(request.at("/messages/1/content").asText()).startsWith("Visitor: I was charged twice on 3 March")
                .contains("Bot: Sorry, I did not understand.");
    }

    @Test
    void aSlowFailingOrNonsensicalModelGivesWayToTheExtractiveMethod() {
        String workspace = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        String slow = Channel.newConversation();
        String nonsense = Channel.newConversation();
        String failing = Channel.newConversation();
        model.answerWhen(COMPLETIONS, conversationMark(slow), Answer.status(200, completion("{\"text\": \"late\"}"))
                .after(Duration.ofSeconds(5)));
        model.answerWhen(COMPLETIONS, conversationMark(nonsense), Answer.status(200, completion("I cannot do that.")));
        Instant at = Instant.now();
        for (String conversation : List.of(slow, nonsense, failing)) {
            channel.send(message(workspace, conversation, "m1", Role.VISITOR,
                    "Where can I find my invoices for last year? " + conversationMark(conversation), at, false));
        }
        for (String conversation : List.of(slow, nonsense, failing)) {
            JsonPath summary = await(workspace, conversation);
            assertThat(summary.getString("method")).as(conversation).isEqualTo("extractive");
            assertThat(summary.getString("visitorIntent")).isEqualTo("Where can I find my invoices for last year?");
        }
    }

    @Test
    void aWorkspaceOverItsRateIsSummarisedWithoutTheModel() {
        String workspace = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> conversations = List.of(Channel.newConversation(), Channel.newConversation(), Channel.newConversation(),
                Channel.newConversation());
        for (String conversation : conversations) {
            model.answerWhen(COMPLETIONS, conversationMark(conversation),
                    Answer.status(200, completion("{\"text\": \"Summarised by the model.\"}")));
        }
        Instant at = Instant.now();
        for (String conversation : conversations) {
            channel.send(message(workspace, conversation, "m1", Role.VISITOR,
                    "Can I change my delivery address? " + conversationMark(conversation), at, false));
        }
        long byModel = conversations.stream().map(c -> await(workspace, c).getString("method"))
                .filter("llm:gpt-4o-mini"::equals).count();
        // the test profile allows three model calls per workspace a minute
        assertThat(byModel).isEqualTo(3);
    }

    private static JsonPath await(String workspace, String conversation) {
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> as(workspace)
                .get("/api/v1/conversations/{id}/summary", conversation).then().statusCode(200)
                .body("generatedAt", org.hamcrest.Matchers.notNullValue()));
        return as(workspace).get("/api/v1/conversations/{id}/summary", conversation).then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.not(equalTo(null))).extract().jsonPath();
    }

    /** A word that puts the conversation's transcript, and so the model's request, apart from the others'. */
    private static String conversationMark(String conversation) {
        return "ref-" + conversation.substring(conversation.length() - 12);
    }

    private static String completion(String content) throws IllegalStateException {
        try {
            return """
                    {"id": "chatcmpl-1", "object": "chat.completion", "created": 1764000000, "model": "gpt-4o-mini",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": %s}, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160}}"""
                    .formatted(EventJson.mapper().writeValueAsString(content));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CloudEvent<MessageCreated> message(String workspace, String conversation, String messageId, Role role,
            String text, Instant at, boolean fallback) {
        MessageCreated data = new MessageCreated(workspace, "support-bot", "web", conversation, messageId,
                new Sender(role, role == Role.VISITOR ? "v-1" : "support-bot", null), text,
                role == Role.BOT ? new BotReply(fallback, null, null) : null, null, null);
        return CloudEvent.of("evt-" + UUID.randomUUID(), "/channels/web", at, data);
    }
}
