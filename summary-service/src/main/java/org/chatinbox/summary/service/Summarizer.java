package org.chatinbox.summary.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.summary.model.ConversationFacts;
import org.chatinbox.summary.model.Turn;

/**
 * Chooses how a conversation is summarised: by the configured model when there is one and it answers, extractively otherwise;
 * {@code method} says which.
 */
@ApplicationScoped
public class Summarizer {

    private final ExtractiveSummarizer extractive;
    private final LlmSummarizer llm;

    public Summarizer(ExtractiveSummarizer extractive, LlmSummarizer llm) {
        this.extractive = extractive;
        this.llm = llm;
    }

    /** Conversations to claim at once: fewer while a model may take seconds over each. */
    public int batch(int configured) {
        return llm.enabled() ? Math.min(configured, llm.batch()) : configured;
    }

    public SummaryUpdated summarize(ConversationFacts facts, List<Turn> turns, Instant now) {
        return llm.summarize(facts, turns, ExtractiveSummarizer.outcome(facts, turns), now)
                .orElseGet(() -> extractive.summarize(facts, turns, now));
    }
}
