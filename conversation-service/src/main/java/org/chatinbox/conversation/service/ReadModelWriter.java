package org.chatinbox.conversation.service;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.conversation.model.ConversationActivity;
import org.chatinbox.conversation.model.MessageKey;
import org.chatinbox.conversation.repository.ConversationWriteRepository;
import org.chatinbox.conversation.repository.DeliveryStateRepository;
import org.chatinbox.conversation.repository.MessageRepository;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.DeliveryUpdated;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ProcessedEventRepository;

/**
 * Applies a batch of events to the read model in one transaction, with a handful of set-based statements whatever the batch
 * size. Idempotent inside that transaction: an event id already processed, or a message id already stored in its conversation,
 * changes nothing. Order-independent: history is ordered by the message's own time, the newest message is the last one, and the
 * newest session wins.
 */
@ApplicationScoped
public class ReadModelWriter {

    /** The list shows the start of the last message; the full text is in the history. */
    static final int PREVIEW_LENGTH = 512;

    private static final Comparator<CloudEvent<MessageCreated>> BY_TIME = Comparator
            .comparing((CloudEvent<MessageCreated> e) -> e.time()).thenComparing(e -> e.data().messageId());

    private final ProcessedEventRepository processed;
    private final MessageRepository messages;
    private final ConversationWriteRepository conversations;
    private final OwnedStateService ownedState;
    private final FeedbackService feedback;
    private final StatusService statuses;
    private final DeliveryStateRepository deliveries;

    public ReadModelWriter(ProcessedEventRepository processed, MessageRepository messages,
            ConversationWriteRepository conversations, OwnedStateService ownedState, FeedbackService feedback,
            StatusService statuses, DeliveryStateRepository deliveries) {
        this.processed = processed;
        this.messages = messages;
        this.conversations = conversations;
        this.ownedState = ownedState;
        this.feedback = feedback;
        this.statuses = statuses;
        this.deliveries = deliveries;
    }

    /**
     * Applies the events; returns how many were new (not seen before). Messages whose ids are in {@code replayed} are history
     * being rebuilt: the reopenings they caused are on {@code inbox.conversations} already, so they reopen nothing.
     */
    // checked SQLExceptions must roll back too, not only runtime ones
    @Transactional(rollbackOn = Exception.class)
    public int apply(List<CloudEvent<?>> events, Set<String> replayed) throws SQLException {
        List<CloudEvent<?>> fresh = claim(events);
        List<CloudEvent<MessageCreated>> newMessages = new ArrayList<>();
        for (CloudEvent<?> event : fresh) {
            if (event.data() instanceof MessageCreated) {
                @SuppressWarnings("unchecked")
                CloudEvent<MessageCreated> message = (CloudEvent<MessageCreated>) event;
                newMessages.add(message);
            }
        }
        List<CloudEvent<MessageCreated>> stored = store(newMessages);
        ownedState.takeStateOfNewConversations(conversations.upsert(activities(stored)));
        feedback.applyWaiting(conversationsOf(stored));
        statuses.reopenWhereVisitorsWrote(conversationsOf(stored.stream()
                .filter(e -> e.data().sender().role() == Role.VISITOR && !replayed.contains(e.id())).toList()));
        List<DeliveryUpdated> delivered = new ArrayList<>();
        for (CloudEvent<?> event : fresh) {
            if (event.data() instanceof FeedbackRecorded recorded) {
                feedback.record(event, recorded);
            } else if (event.data() instanceof HandoffRequested request) {
                ownedState.humanRequested(event, request);
            } else if (event.data() instanceof HandoffChanged handoff) {
                ownedState.handoff(event, handoff);
            } else if (event.data() instanceof AssignmentChanged assignment) {
                ownedState.assignment(event, assignment);
            } else if (event.data() instanceof SummaryUpdated summary) {
                ownedState.summary(summary);
            } else if (event.data() instanceof ConversationUpdated update) {
                statuses.apply(event, update);
            } else if (event.data() instanceof DeliveryUpdated delivery) {
                delivered.add(delivery);
            }
        }
        deliveries.record(delivered);
        return fresh.size() - newMessages.size() + stored.size();
    }

    /**
     * Marks the events processed and keeps those that were not: the duplicate check and the write commit together. A message
     * needs no mark: its row is its own (a duplicate event carries the same message id, which the message's primary key
     * refuses), and not marking it saves the busiest index of all, one random key per message.
     */
    private List<CloudEvent<?>> claim(List<CloudEvent<?>> events) throws SQLException {
        Map<String, CloudEvent<?>> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.id(), e));
        Set<String> claimed = processed.claim(
                byId.values().stream().filter(e -> !(e.data() instanceof MessageCreated)).map(CloudEvent::id).toList());
        return byId.values().stream().filter(e -> e.data() instanceof MessageCreated || claimed.contains(e.id())).toList();
    }

    /** Stores the messages not stored yet (a channel's retry with a new event id is still the same message). */
    private List<CloudEvent<MessageCreated>> store(List<CloudEvent<MessageCreated>> candidates) throws SQLException {
        Set<MessageKey> inserted = messages.insertNew(candidates);
        // the same message twice in one batch: the first one in the batch is the stored one
        Set<MessageKey> taken = new HashSet<>();
        return candidates.stream().filter(e -> {
            MessageKey key = new MessageKey(key(e), e.data().messageId());
            return inserted.contains(key) && taken.add(key);
        }).toList();
    }

    /** What the stored messages do to each conversation, in key order (the order in which its rows are locked). */
    private static List<ConversationActivity> activities(List<CloudEvent<MessageCreated>> stored) {
        Map<ConversationKey, List<CloudEvent<MessageCreated>>> byConversation = new TreeMap<>();
        stored.forEach(e -> byConversation.computeIfAbsent(key(e), k -> new ArrayList<>()).add(e));
        List<ConversationActivity> activities = new ArrayList<>(byConversation.size());
        byConversation.forEach((key, group) -> {
            CloudEvent<MessageCreated> first = group.stream().min(BY_TIME).orElseThrow();
            CloudEvent<MessageCreated> last = group.stream().max(BY_TIME).orElseThrow();
            MessageCreated visitor = group.stream().filter(e -> e.data().sender().role() == Role.VISITOR).min(BY_TIME)
                    .map(CloudEvent::data).orElse(null);
            CloudEvent<MessageCreated> withSession = group.stream().filter(e -> e.data().session() != null).max(BY_TIME)
                    .orElse(null);
            activities.add(new ConversationActivity(key, first.data().botId(), first.data().channel(),
                    visitor == null ? null : visitor.sender().id(), visitor == null ? null : visitor.sender().name(),
                    group.size(), first.time(), last.time(), last.data().messageId(), last.data().sender().role().wireName(),
                    preview(last.data().text()), withSession == null ? null : withSession.time(),
                    withSession == null ? null : withSession.data().session(),
                    group.stream().anyMatch(e -> e.data().bot() != null && Boolean.TRUE.equals(e.data().bot().fallback()))));
        });
        return activities;
    }

    private static List<ConversationKey> conversationsOf(List<CloudEvent<MessageCreated>> messages) {
        return messages.stream().map(ReadModelWriter::key).distinct().toList();
    }

    private static ConversationKey key(CloudEvent<MessageCreated> message) {
        return new ConversationKey(message.data().workspaceId(), message.data().conversationId());
    }

    private static String preview(String text) {
        return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH - 1) + "\u2026";
    }
}
