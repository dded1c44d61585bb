package org.chatinbox.summary.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.Outcome;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.summary.config.SummaryConfig;
import org.chatinbox.summary.model.ConversationFacts;
import org.chatinbox.summary.model.Turn;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.bucket4j.Bucket;

/**
 * The model method: the transcript (cut to a budget) goes to the configured OpenAI-compatible endpoint through LangChain4j's
 * OpenAI client, which answers the summary as JSON; the outcome stays the one the events decide. Empty whenever no model is
 * configured, the workspace is over its rate, the call fails or times out, or the answer is not a summary: the caller then
 * summarises extractively.
 */
@ApplicationScoped
public class LlmSummarizer {

    private static final Logger LOG = Logger.getLogger(LlmSummarizer.class);
    static final String SYSTEM = """
            You summarise a chat between a website visitor and a chatbot (sometimes a human agent joins) for the support agent \
            who reads it next. Answer with one JSON object and nothing else: {"text": "two short sentences on what the visitor \
            wanted and what happened", "keyPoints": ["at most 4 short facts an agent needs"], "visitorIntent": "the visitor's \
            main request in one sentence"}. Use only what the chat says.""";

    private final SummaryConfig.Llm settings;
    private final Optional<ChatModel> model;
    private final Map<String, Bucket> rates = new ConcurrentHashMap<>();

    public LlmSummarizer(SummaryConfig config) {
        this.settings = config.summaries().llm();
        this.model = settings.baseUrl().map(url -> OpenAiChatModel.builder().baseUrl(url)
                .apiKey(settings.apiKey().orElse("none")).modelName(settings.model()).timeout(settings.timeout())
                .maxTokens(settings.maxTokens()).temperature(0.0).maxRetries(0).build());
    }

    public boolean enabled() {
        return model.isPresent();
    }

    public String method() {
        return "llm:" + settings.model();
    }

    public int batch() {
        return settings.batch();
    }

    public Optional<SummaryUpdated> summarize(ConversationFacts facts, List<Turn> turns, Outcome outcome, Instant now) {
        if (model.isEmpty() || turns.isEmpty() || !rate(facts.key().workspaceId()).tryConsume(1)) {
            return Optional.empty();
        }
        try {
            String answer = model.get().chat(SystemMessage.from(SYSTEM), UserMessage.from(transcript(turns))).aiMessage()
                    .text();
            return parse(answer).map(parsed -> new SummaryUpdated(facts.key().workspaceId(), facts.key().conversationId(),
                    parsed.text(), parsed.keyPoints(), parsed.intent(), outcome, facts.messageCount(), now, method()));
        } catch (RuntimeException e) {
            LOG.warnf("the model did not summarise conversation %s (%s): extractive instead", facts.key().conversationId(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Bucket rate(String workspace) {
        int perMinute = settings.perWorkspacePerMinute();
        return rates.computeIfAbsent(workspace, w -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build());
    }

    /** The turns as "Visitor: ..." lines, the latest kept when the budget is short (they say how it ended). */
    String transcript(List<Turn> turns) {
        List<String> lines = new ArrayList<>();
        int budget = settings.maxInputCharacters();
        for (int i = turns.size() - 1; i >= 0 && budget > 0; i--) {
            Turn turn = turns.get(i);
            String line = (turn.role() == Role.VISITOR ? "Visitor" : turn.role() == Role.BOT ? "Bot" : "Agent") + ": "
                    + turn.text().strip().replaceAll("\\s+", " ");
            line = ExtractiveSummarizer.clip(line, budget);
            lines.add(0, line);
            budget -= line.length() + 1;
        }
        return String.join("\n", lines);
    }

    record Parsed(String text, List<String> keyPoints, String intent) {
    }

    /** The answer's JSON (a code fence around it is tolerated), or empty when it is not a summary. */
    static Optional<Parsed> parse(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return Optional.empty();
        }
        try {
            JsonNode json = EventJson.mapper().readTree(answer.substring(start, end + 1));
            String text = json.path("text").asText("").strip();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            List<String> points = new ArrayList<>();
            for (JsonNode point : json.path("keyPoints")) {
                if (point.isTextual() && !point.asText().isBlank() && points.size() < 4) {
                    points.add(ExtractiveSummarizer.clip(point.asText(), ExtractiveSummarizer.MAX_POINT_LENGTH));
                }
            }
            String intent = json.path("visitorIntent").isTextual() && !json.path("visitorIntent").asText().isBlank()
                    ? ExtractiveSummarizer.clip(json.path("visitorIntent").asText(), ExtractiveSummarizer.MAX_POINT_LENGTH)
                    : null;
            return Optional.of(new Parsed(ExtractiveSummarizer.clip(text, ExtractiveSummarizer.MAX_TEXT_LENGTH), points,
                    intent));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
