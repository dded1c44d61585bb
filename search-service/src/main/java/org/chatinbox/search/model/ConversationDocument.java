package org.chatinbox.search.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.EventData;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;

/**
 * One conversation as the search index keeps it: its state (status, labels, mode, holder, assignee, needsHuman, botFailed, as
 * conversation-service derives them from the same events) beside its visitor and the text of its messages, so that a keyword
 * and any of the list's filters are one query. Times are ISO 8601 strings, as they are indexed.
 */
public class ConversationDocument {

    public String workspaceId;
    public String conversationId;
    public String botId;
    public String channel;
    public String status = "open";
    public String snoozedUntil;
    public List<String> labels = new ArrayList<>();
    public String mode = Mode.BOT.name();
    public String holder;
    public String assignee;
    public boolean needsHuman;
    public boolean botFailed;
    /** When the handoff state last changed, and what that change said of needsHuman. */
    public String handoffAt;
    public boolean handoffNeedsHuman;
    /** The latest time the bot asked for a human. */
    public String humanRequestedAt;
    public String visitorId;
    public String visitorName;
    public String firstMessageAt;
    public String lastMessageAt;
    public int messageCount;
    /**
     * What the visitor opened with (the first visitor messages, joined): what "similar conversations" compares, as a sentence
     * embedding once the embedding worker has computed it.
     */
    public String opening;
    public float[] visitorVector;
    /** The opening changed since its embedding: the embedding worker takes the most recent requests first. */
    public boolean needsEmbedding;
    public String embedRequestedAt;
    public List<IndexedMessage> messages = new ArrayList<>();
    /**
     * The first and last message times, parsed once per folded document (not indexed: private): parsing was a quarter of the
     * indexer's CPU samples while it parsed them for every message.
     */
    private Instant firstAt;
    private Instant lastAt;

    /** The order of the kept messages: by time, then by id. */
    private static final Comparator<IndexedMessage> BY_TIME = Comparator
            .comparing((IndexedMessage message) -> Instant.parse(message.sentAt())).thenComparing(IndexedMessage::messageId);

    /** How many of the visitor's first messages make what the conversation is about, and at most how many characters. */
    static final int OPENING_MESSAGES = 3;
    static final int OPENING_CHARACTERS = 1_000;

    /** The visitor's first messages, joined; empty before the visitor wrote. */
    private String openingOfMessages() {
        StringBuilder opening = new StringBuilder();
        int taken = 0;
        for (IndexedMessage message : messages) {
            if (taken == OPENING_MESSAGES || opening.length() >= OPENING_CHARACTERS) {
                break;
            }
            if (Role.VISITOR.wireName().equals(message.role())) {
                opening.append(opening.length() == 0 ? "" : "\n").append(message.text());
                taken++;
            }
        }
        return opening.length() > OPENING_CHARACTERS ? opening.substring(0, OPENING_CHARACTERS) : opening.toString();
    }

    /** The events a conversation's document is made of; null for any other. */
    public static String keyOf(EventData data) {
        if (data instanceof MessageCreated m) {
            return key(m.workspaceId(), m.conversationId());
        }
        if (data instanceof FeedbackRecorded f) {
            return key(f.workspaceId(), f.conversationId());
        }
        if (data instanceof HandoffRequested r) {
            return key(r.workspaceId(), r.conversationId());
        }
        if (data instanceof ConversationUpdated u) {
            return key(u.workspaceId(), u.conversationId());
        }
        if (data instanceof HandoffChanged h) {
            return key(h.workspaceId(), h.conversationId());
        }
        if (data instanceof AssignmentChanged a) {
            return key(a.workspaceId(), a.conversationId());
        }
        return null;
    }

    /** The document id. Workspaces may reuse conversation ids, so the workspace is part of it. */
    public static String key(String workspaceId, String conversationId) {
        return workspaceId + '/' + conversationId;
    }

    /**
     * Folds one event into the document; whether anything changed. Applying an event again changes nothing, so a redelivered
     * batch (or a channel's retry of a message under a new event id) leaves the document as it was.
     */
    public boolean apply(CloudEvent<?> event, int maxMessages) {
        ConversationDocument before = copyOfState();
        int messagesBefore = messageCount;
        EventData data = event.data();
        if (data instanceof MessageCreated m) {
            message(event, m, maxMessages);
        } else if (data instanceof FeedbackRecorded f) {
            botFailed |= f.rating() == Rating.UNHELPFUL;
        } else if (data instanceof HandoffRequested r) {
            identify(r.workspaceId(), r.conversationId());
            humanRequestedAt = latest(humanRequestedAt, event.time().toString());
            botFailed = true;
        } else if (data instanceof ConversationUpdated u) {
            identify(u.workspaceId(), u.conversationId());
            status = u.status().wireName();
            snoozedUntil = u.snoozedUntil() == null ? null : u.snoozedUntil().toString();
            labels = new ArrayList<>(u.labels());
        } else if (data instanceof HandoffChanged h) {
            identify(h.workspaceId(), h.conversationId());
            // a change older than the one applied is stale (the events of two topics may come in either order)
            if (handoffAt == null || !Instant.parse(handoffAt).isAfter(event.time())) {
                mode = h.mode().name();
                holder = h.holder();
                handoffNeedsHuman = h.needsHuman();
                handoffAt = event.time().toString();
            }
            if (h.humanRequestedAt() != null) {
                humanRequestedAt = latest(humanRequestedAt, h.humanRequestedAt().toString());
                botFailed = true;
            }
        } else if (data instanceof AssignmentChanged a) {
            identify(a.workspaceId(), a.conversationId());
            assignee = a.assignee();
        }
        // as conversation-service: a request for a human after the last handoff change, while the bot holds it, needs one
        needsHuman = handoffNeedsHuman || humanRequestedAt != null && Mode.BOT.name().equals(mode)
                && (handoffAt == null || Instant.parse(humanRequestedAt).isAfter(Instant.parse(handoffAt)));
        return messageCount != messagesBefore || !sameState(before);
    }

    private void message(CloudEvent<?> event, MessageCreated m, int maxMessages) {
        identify(m.workspaceId(), m.conversationId());
        // as the inbox lists it: the bot, channel and visitor of the conversation's first message that names them
        botId = botId == null ? m.botId() : botId;
        channel = channel == null ? m.channel() : channel;
        if (m.sender().role() == Role.VISITOR) {
            visitorId = visitorId == null ? m.sender().id() : visitorId;
            visitorName = visitorName == null ? m.sender().name() : visitorName;
        }
        if (m.bot() != null && Boolean.TRUE.equals(m.bot().fallback())) {
            botFailed = true;
        }
        for (IndexedMessage kept : messages) {
            if (kept.messageId().equals(m.messageId())) {
                return;
            }
        }
        Instant time = event.time();
        String at = time.toString();
        IndexedMessage added = new IndexedMessage(m.messageId(), event.id(), m.sender().role().wireName(), m.sender().name(),
                m.text(), at);
        Instant first = firstAt();
        Instant last = lastAt();
        if (last == null || time.isAfter(last)) {
            // the usual case: the latest message so far goes last, as the kept ones are in order
            messages.add(added);
            lastMessageAt = at;
            lastAt = time;
        } else {
            insertInOrder(added);
        }
        if (first == null || time.isBefore(first)) {
            firstMessageAt = at;
            firstAt = time;
        }
        messageCount++;
        if (messages.size() > maxMessages) {
            // a document holds a bounded number of messages: the oldest give way (the count still counts them)
            messages = new ArrayList<>(messages.subList(messages.size() - maxMessages, messages.size()));
        }
        String now = openingOfMessages();
        if (!now.isBlank() && !now.equals(opening)) {
            opening = now;
            needsEmbedding = true;
            embedRequestedAt = Instant.now().toString();
        }
    }

    /**
     * Adds a late message (or one at the time of the last) where its time puts it among the kept ones, which are in order, by a
     * binary search: sorting them all again parsed each time many times over per message.
     */
    private void insertInOrder(IndexedMessage added) {
        int found = Collections.binarySearch(messages, added, BY_TIME);
        messages.add(found >= 0 ? found + 1 : -found - 1, added);
    }

    private Instant firstAt() {
        if (firstAt == null && firstMessageAt != null) {
            firstAt = Instant.parse(firstMessageAt);
        }
        return firstAt;
    }

    private Instant lastAt() {
        if (lastAt == null && lastMessageAt != null) {
            lastAt = Instant.parse(lastMessageAt);
        }
        return lastAt;
    }

    /** The embedding of the opening as it is now. */
    public void embedded(float[] vector) {
        visitorVector = vector;
        needsEmbedding = false;
    }

    private void identify(String workspace, String conversation) {
        workspaceId = workspace;
        conversationId = conversation;
    }

    private static String latest(String current, String candidate) {
        return current == null || Instant.parse(candidate).isAfter(Instant.parse(current)) ? candidate : current;
    }

    private ConversationDocument copyOfState() {
        ConversationDocument copy = new ConversationDocument();
        copy.workspaceId = workspaceId;
        copy.conversationId = conversationId;
        copy.botId = botId;
        copy.channel = channel;
        copy.status = status;
        copy.snoozedUntil = snoozedUntil;
        copy.labels = List.copyOf(labels);
        copy.mode = mode;
        copy.holder = holder;
        copy.assignee = assignee;
        copy.needsHuman = needsHuman;
        copy.botFailed = botFailed;
        copy.handoffAt = handoffAt;
        copy.handoffNeedsHuman = handoffNeedsHuman;
        copy.humanRequestedAt = humanRequestedAt;
        copy.visitorId = visitorId;
        copy.visitorName = visitorName;
        return copy;
    }

    private boolean sameState(ConversationDocument o) {
        return Objects.equals(workspaceId, o.workspaceId) && Objects.equals(conversationId, o.conversationId)
                && Objects.equals(botId, o.botId) && Objects.equals(channel, o.channel) && Objects.equals(status, o.status)
                && Objects.equals(snoozedUntil, o.snoozedUntil) && labels.equals(o.labels) && Objects.equals(mode, o.mode)
                && Objects.equals(holder, o.holder) && Objects.equals(assignee, o.assignee) && needsHuman == o.needsHuman
                && botFailed == o.botFailed && Objects.equals(handoffAt, o.handoffAt)
                && handoffNeedsHuman == o.handoffNeedsHuman && Objects.equals(humanRequestedAt, o.humanRequestedAt)
                && Objects.equals(visitorId, o.visitorId) && Objects.equals(visitorName, o.visitorName);
    }
}
