package org.chatinbox.summary.service;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.outbox.Outbox;
import org.chatinbox.summary.config.SummaryConfig;
import org.chatinbox.summary.model.ConversationFacts;
import org.chatinbox.summary.model.Turn;
import org.chatinbox.summary.repository.ConversationRepository;
import org.chatinbox.summary.repository.MessageRepository;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Summarises the conversations that are due, in the background: claims a batch of them (skipping other replicas' claims), reads
 * each one's first and last turns in one statement, summarises them, and stores the summaries and their
 * {@code inbox.summary.updated} events (through the outbox) in one transaction. A message that arrives meanwhile waits for the
 * claim and makes its conversation due again.
 */
@ApplicationScoped
public class SummaryWorker {

    static final String SOURCE = "/services/summary";

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final Summarizer summarizer;
    private final Outbox outbox;
    private final SummaryConfig.Summaries settings;
    private final Counter generated;
    private final PollingLoop loop;

    public SummaryWorker(ConversationRepository conversations, MessageRepository messages, Summarizer summarizer,
            Outbox outbox, SummaryConfig config, MeterRegistry registry) {
        this.conversations = conversations;
        this.messages = messages;
        this.summarizer = summarizer;
        this.outbox = outbox;
        this.settings = config.summaries();
        this.generated = registry.counter("inbox.summary.summaries.generated");
        this.loop = new PollingLoop("summary-worker", settings.poll(), this::summarizeDue);
    }

    void start(@Observes StartupEvent start) {
        loop.start();
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    /** What one claim read: the conversations and their turns. */
    private record Claimed(List<ConversationFacts> due, Map<ConversationKey, List<Turn>> turns) {
    }

    private boolean summarizeDue() {
        int limit = summarizer.batch(settings.batch());
        Claimed claimed = QuarkusTransaction.requiringNew().call(() -> {
            List<ConversationFacts> due = conversations.claimDue(limit, settings.lease());
            return new Claimed(due, messages.turns(due.stream().map(ConversationFacts::key).toList(),
                    settings.firstTurns(), settings.lastTurns()));
        });
        if (claimed.due().isEmpty()) {
            return false;
        }
        // outside any transaction: a model may take seconds, and no row waits for it (the claim's lease keeps others off)
        Instant now = Instant.now();
        List<ConversationRepository.Made> made = new ArrayList<>(claimed.due().size());
        for (ConversationFacts facts : claimed.due()) {
            made.add(new ConversationRepository.Made(
                    summarizer.summarize(facts, claimed.turns().getOrDefault(facts.key(), List.of()), now),
                    facts.changes()));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try {
                for (SummaryUpdated summary : conversations.summarized(made)) {
                    outbox.publish(CloudEvent.of(UUID.randomUUID().toString(), SOURCE, now, summary));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        generated.increment(made.size());
        return claimed.due().size() == limit;
    }
}
