package org.chatinbox.conversation.service;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.conversation.model.ConversationStatus;
import org.chatinbox.conversation.repository.ConversationStateRepository;
import org.chatinbox.conversation.repository.ConversationWriteRepository;
import org.chatinbox.conversation.repository.TimelineRepository;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.Status;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.outbox.Outbox;
import org.chatinbox.service.repository.ProcessedEventRepository;

/**
 * Status and labels, which this service owns. A change is an {@code inbox.conversation.updated} event, applied to the read
 * model and published through the outbox in one transaction: the change and its event commit together or not at all. The same
 * event, read back from {@code inbox.conversations}, applies the same way ({@link #apply}), which is how a rebuilt read model
 * gets status and labels back; in normal operation the event's id is already processed and the read-back changes nothing.
 */
@ApplicationScoped
public class StatusService {

    static final String SOURCE = "/services/conversation";
    /** The most labels a conversation has (contract: {@code inbox.conversation.updated}). */
    static final int MAX_LABELS = 50;

    private final ConversationWriteRepository conversations;
    private final ConversationStateRepository state;
    private final TimelineRepository timeline;
    private final ProcessedEventRepository processed;
    private final Outbox outbox;

    public StatusService(ConversationWriteRepository conversations, ConversationStateRepository state,
            TimelineRepository timeline, ProcessedEventRepository processed, Outbox outbox) {
        this.conversations = conversations;
        this.state = state;
        this.timeline = timeline;
        this.processed = processed;
        this.outbox = outbox;
    }

    /** Sets the status; returns false when the workspace has no such conversation. Setting the current status is no change. */
    @Transactional(rollbackOn = Exception.class)
    public boolean setStatus(ConversationKey key, Status status, Instant snoozedUntil, String actor) throws SQLException {
        Optional<ConversationStatus> current = conversations.lockStatus(key);
        if (current.isEmpty()) {
            return false;
        }
        Instant until = status == Status.SNOOZED ? micros(snoozedUntil) : null;
        if (current.get().status() == status && Objects.equals(current.get().snoozedUntil(), until)) {
            return true;
        }
        announce(new ConversationUpdated(key.workspaceId(), key.conversationId(), status, until, current.get().labels(),
                actor));
        return true;
    }

    /** Replaces the labels; returns false when the workspace has no such conversation. */
    @Transactional(rollbackOn = Exception.class)
    public boolean setLabels(ConversationKey key, List<String> labels, String actor) throws SQLException {
        Optional<ConversationStatus> current = conversations.lockStatus(key);
        if (current.isEmpty()) {
            return false;
        }
        if (current.get().labels().equals(labels)) {
            return true;
        }
        announce(new ConversationUpdated(key.workspaceId(), key.conversationId(), current.get().status(),
                current.get().snoozedUntil(), labels, actor));
        return true;
    }

    /**
     * Adds labels to the conversation's own (a bulk action); returns false when the workspace has no such conversation. More
     * than 50 labels in all is refused, as it would be for the conversation alone.
     */
    @Transactional(rollbackOn = Exception.class)
    public boolean addLabels(ConversationKey key, List<String> labels, String actor) throws SQLException {
        Optional<ConversationStatus> current = conversations.lockStatus(key);
        if (current.isEmpty()) {
            return false;
        }
        List<String> all = java.util.stream.Stream.concat(current.get().labels().stream(), labels.stream()).distinct()
                .toList();
        if (all.size() > MAX_LABELS) {
            throw org.chatinbox.problem.ProblemException.conflict(
                    "the conversation would have " + all.size() + " labels; at most " + MAX_LABELS);
        }
        if (all.equals(current.get().labels())) {
            return true;
        }
        announce(new ConversationUpdated(key.workspaceId(), key.conversationId(), current.get().status(),
                current.get().snoozedUntil(), all, actor));
        return true;
    }

    /**
     * Visitor messages consumed live reopen snoozed or resolved conversations, inside the consumer's transaction. The change is
     * dated when it happens, like an agent's, so the timeline keeps the order of things done.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reopenWhereVisitorsWrote(List<ConversationKey> visited) throws SQLException {
        for (Map.Entry<ConversationKey, List<String>> closed : conversations.lockNotOpen(visited).entrySet()) {
            ConversationKey key = closed.getKey();
            announce(new ConversationUpdated(key.workspaceId(), key.conversationId(), Status.OPEN, null, closed.getValue(),
                    "visitor"));
        }
    }

    /**
     * Applies a status and labels change: waits in {@code conversation_state} until the conversation exists (a replayed change
     * may come before its first message), adds a timeline entry for what changed, and shows on the conversation.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(CloudEvent<?> event, ConversationUpdated update) throws SQLException {
        ConversationKey key = new ConversationKey(update.workspaceId(), update.conversationId());
        ConversationStatus old = state.lockStatus(key);
        Instant until = update.status() == Status.SNOOZED ? micros(update.snoozedUntil()) : null;
        state.setStatus(key, new ConversationStatus(update.status(), until, update.labels()));
        if (update.status() != old.status() || !Objects.equals(until, old.snoozedUntil())) {
            timeline.add(key, event.time(), "status", update.actor(), old.status().wireName(),
                    update.status().wireName(), null);
        }
        if (!update.labels().equals(old.labels())) {
            timeline.add(key, event.time(), "labels", update.actor(), String.join(",", old.labels()),
                    String.join(",", update.labels()), null);
        }
        state.copyToConversation(key);
    }

    /** A change made here: its id is processed already, so reading it back from the topic changes nothing. */
    private void announce(ConversationUpdated update) throws SQLException {
        CloudEvent<ConversationUpdated> event = CloudEvent.of(UUID.randomUUID().toString(), SOURCE, Instant.now(), update);
        processed.claim(List.of(event.id()));
        apply(event, update);
        outbox.publish(event);
    }

    /** What PostgreSQL keeps of a time, so that a time read back compares equal to the one written. */
    private static Instant micros(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }
}
