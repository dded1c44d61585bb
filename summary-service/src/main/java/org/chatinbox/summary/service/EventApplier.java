package org.chatinbox.summary.service;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ProcessedEventRepository;
import org.chatinbox.summary.config.SummaryConfig;
import org.chatinbox.summary.model.BotDayCounts;
import org.chatinbox.summary.model.ConversationFacts;
import org.chatinbox.summary.model.NewQuestion;
import org.chatinbox.summary.model.QuestionKind;
import org.chatinbox.summary.model.StoredMessage;
import org.chatinbox.summary.model.Turn;
import org.chatinbox.summary.model.VisitorMessage;
import org.chatinbox.summary.repository.BotDayRepository;
import org.chatinbox.summary.repository.ConversationRepository;
import org.chatinbox.summary.repository.FeedbackRepository;
import org.chatinbox.summary.repository.FeedbackRepository.Previous;
import org.chatinbox.summary.repository.MessageRepository;
import org.chatinbox.summary.repository.QuestionRepository;

/**
 * Applies the messages, ratings and handoffs of one consumed batch in one transaction, each event once (by its id, and a
 * message once by its message id): the conversations' facts and the bots' daily counts are brought up to date, the questions
 * the bot failed (and each conversation's first question) are set aside for grouping, and a conversation that changed is due
 * for a new summary once it has been quiet a moment. The batch's conversations are locked first, in key order.
 */
@ApplicationScoped
public class EventApplier {

    private final ProcessedEventRepository processed;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final FeedbackRepository feedback;
    private final BotDayRepository botDays;
    private final QuestionRepository questions;
    private final TextAnalysis text;
    private final SummaryConfig.Summaries settings;

    public EventApplier(ProcessedEventRepository processed, ConversationRepository conversations, MessageRepository messages,
            FeedbackRepository feedback, BotDayRepository botDays, QuestionRepository questions, TextAnalysis text,
            SummaryConfig config) {
        this.processed = processed;
        this.conversations = conversations;
        this.messages = messages;
        this.feedback = feedback;
        this.botDays = botDays;
        this.questions = questions;
        this.text = text;
        this.settings = config.summaries();
    }

    /** Returns how many events were new. */
    @Transactional(rollbackOn = Exception.class)
    public int apply(List<CloudEvent<?>> batch) throws SQLException {
        Set<String> fresh = processed.claim(batch.stream().map(CloudEvent::id).toList());
        // an id read twice in one batch (a producer's retry) is applied at its first reading only
        List<CloudEvent<?>> events = batch.stream().filter(e -> key(e) != null && fresh.remove(e.id())).toList();
        if (events.isEmpty()) {
            return 0;
        }
        List<ConversationKey> keys = List.copyOf(new TreeSet<>(events.stream().map(EventApplier::key).toList()));
        Map<ConversationKey, ConversationFacts> facts = new TreeMap<>(conversations.lock(keys));
        Set<String> added = messages.add(events.stream().filter(e -> e.data() instanceof MessageCreated)
                .map(e -> stored((MessageCreated) e.data(), e.time())).toList());
        Changes changes = new Changes();
        for (CloudEvent<?> event : events) {
            ConversationKey key = key(event);
            ConversationFacts before = facts.get(key);
            ConversationFacts after = before;
            if (event.data() instanceof MessageCreated message) {
                // a message id stored by this batch counts at its first event only
                if (added.remove(MessageRepository.key(key.workspaceId(), key.conversationId(), message.messageId()))) {
                    after = message(before, message, event.time(), changes);
                }
            } else if (event.data() instanceof FeedbackRecorded rating) {
                after = rating(before, rating, event.time(), changes);
            } else if (event.data() instanceof HandoffRequested) {
                after = humanRequested(before, event.time(), changes);
            } else if (event.data() instanceof HandoffChanged change && change.mode() == Mode.HUMAN) {
                after = humanJoined(before, change.humanRequestedAt(), event.time(), changes);
            }
            if (after != before) {
                facts.put(key, after);
                changes.dirty.add(key);
            }
        }
        conversations.save(facts, changes.dirty, settings.quiet(), settings.maxWait());
        botDays.add(changes.days.values());
        questions.add(changes.questions);
        return events.size();
    }

    /** What the batch adds beside the conversations' facts. */
    private static final class Changes {
        final Set<ConversationKey> dirty = new HashSet<>();
        final Map<String, BotDayCounts> days = new TreeMap<>();
        final List<NewQuestion> questions = new ArrayList<>();

        void count(ConversationFacts facts, Instant at, BotDayCounts counts) {
            if (facts.botId() == null || at == null) {
                return; // counted once the conversation's bot and start are known (see message)
            }
            LocalDate day = day(at);
            days.merge(facts.key().workspaceId() + "/" + day + "/" + facts.botId(),
                    BotDayCounts.zero(facts.key().workspaceId(), facts.botId(), day).plus(counts), BotDayCounts::plus);
        }

        void question(ConversationFacts facts, QuestionKind kind, VisitorMessage asked) {
            if (facts.botId() != null && asked != null && !asked.text().isBlank()) {
                questions.add(new NewQuestion(facts.key().workspaceId(), kind, facts.key().conversationId(),
                        asked.messageId(), facts.botId(), asked.text(), asked.sentAt()));
            }
        }
    }

    private ConversationFacts message(ConversationFacts f, MessageCreated m, Instant at, Changes changes) {
        boolean first = f.startedAt() == null;
        Instant startedAt = first || at.isBefore(f.startedAt()) ? at : f.startedAt();
        VisitorMessage lastVisitor = f.lastVisitorMessage();
        boolean questionTaken = f.questionTaken();
        Instant humanAt = f.humanAt();
        Role role = m.sender().role();
        ConversationFacts known = new ConversationFacts(f.key(), f.botId() != null ? f.botId() : m.botId(),
                f.channel() != null ? f.channel() : m.channel(), startedAt, f.messageCount() + 1, f.humanRequestedAt(),
                humanAt, questionTaken, lastVisitor, f.changes());
        if (first) {
            // what arrived before the first message (a handoff read from its own topic) is counted now that the bot is known
            changes.count(known, startedAt, new BotDayCounts(null, null, null, 1, f.humanRequestedAt() != null ? 1 : 0,
                    f.humanAt() != null ? 1 : 0, 0, 0, 0, 0));
        }
        boolean fallback = m.bot() != null && Boolean.TRUE.equals(m.bot().fallback());
        switch (role) {
            case BOT -> {
                changes.count(known, at, new BotDayCounts(null, null, null, 0, 0, 0, 1, fallback ? 1 : 0, 0, 0));
                if (fallback) {
                    changes.question(known, QuestionKind.GAP, lastVisitor);
                }
            }
            case VISITOR -> {
                VisitorMessage asked = new VisitorMessage(m.messageId(), m.text(), at);
                if (lastVisitor == null || !at.isBefore(lastVisitor.sentAt())) {
                    lastVisitor = asked;
                }
                if (!questionTaken && text.substantive(m.text())) {
                    changes.question(known, QuestionKind.QUESTION, asked);
                    questionTaken = true;
                }
            }
            case AGENT -> {
                if (humanAt == null) {
                    humanAt = at;
                    changes.count(known, startedAt, new BotDayCounts(null, null, null, 0, 0, 1, 0, 0, 0, 0));
                }
            }
        }
        return new ConversationFacts(known.key(), known.botId(), known.channel(), startedAt, known.messageCount(),
                known.humanRequestedAt(), humanAt, questionTaken, lastVisitor, f.changes());
    }

    private ConversationFacts rating(ConversationFacts f, FeedbackRecorded rating, Instant at, Changes changes)
            throws SQLException {
        Previous previous = feedback.rate(f.key(), rating.messageId(), rating.rating(), day(at)).orElse(null);
        if (previous != null && previous.rating() == rating.rating()) {
            return f;
        }
        if (previous != null) {
            changes.count(f, previous.day().atStartOfDay().toInstant(ZoneOffset.UTC), ratingCount(previous.rating(), -1));
        }
        changes.count(f, at, ratingCount(rating.rating(), 1));
        if (rating.rating() == Rating.UNHELPFUL) {
            changes.question(f, QuestionKind.GAP, messages.visitorBefore(f.key(), rating.messageId()).orElse(null));
        }
        return withHuman(f, f.humanRequestedAt(), f.humanAt()); // a new outcome: summarised again
    }

    private ConversationFacts humanRequested(ConversationFacts f, Instant at, Changes changes) {
        changes.question(f, QuestionKind.GAP, f.lastVisitorMessage());
        if (f.humanRequestedAt() != null) {
            return withHuman(f, f.humanRequestedAt(), f.humanAt());
        }
        changes.count(f, f.startedAt(), new BotDayCounts(null, null, null, 0, 1, 0, 0, 0, 0, 0));
        return withHuman(f, at, f.humanAt());
    }

    private ConversationFacts humanJoined(ConversationFacts f, Instant requestedAt, Instant at, Changes changes) {
        Instant requested = f.humanRequestedAt();
        if (requested == null && requestedAt != null) {
            requested = requestedAt; // the request itself may still be on its way on inbox.messages
            changes.count(f, f.startedAt(), new BotDayCounts(null, null, null, 0, 1, 0, 0, 0, 0, 0));
        }
        Instant humanAt = f.humanAt();
        if (humanAt == null) {
            humanAt = at;
            changes.count(f, f.startedAt(), new BotDayCounts(null, null, null, 0, 0, 1, 0, 0, 0, 0));
        }
        return withHuman(f, requested, humanAt);
    }

    private static BotDayCounts ratingCount(Rating rating, int delta) {
        return rating == Rating.HELPFUL
                ? new BotDayCounts(null, null, null, 0, 0, 0, 0, 0, delta, 0)
                : new BotDayCounts(null, null, null, 0, 0, 0, 0, 0, 0, delta);
    }

    /** A copy with the given handoff times; always a new value, so that the conversation counts as changed. */
    private static ConversationFacts withHuman(ConversationFacts f, Instant requestedAt, Instant humanAt) {
        return new ConversationFacts(f.key(), f.botId(), f.channel(), f.startedAt(), f.messageCount(), requestedAt, humanAt,
                f.questionTaken(), f.lastVisitorMessage(), f.changes());
    }

    private static StoredMessage stored(MessageCreated m, Instant at) {
        return new StoredMessage(new ConversationKey(m.workspaceId(), m.conversationId()), new Turn(m.messageId(),
                m.sender().role(), m.text(), at, m.bot() != null && Boolean.TRUE.equals(m.bot().fallback()), null));
    }

    private static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static ConversationKey key(CloudEvent<?> event) {
        if (event.data() instanceof MessageCreated m) {
            return new ConversationKey(m.workspaceId(), m.conversationId());
        }
        if (event.data() instanceof FeedbackRecorded f) {
            return new ConversationKey(f.workspaceId(), f.conversationId());
        }
        if (event.data() instanceof HandoffRequested r) {
            return new ConversationKey(r.workspaceId(), r.conversationId());
        }
        if (event.data() instanceof HandoffChanged c) {
            return new ConversationKey(c.workspaceId(), c.conversationId());
        }
        return null;
    }
}
