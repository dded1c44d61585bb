package org.chatinbox.handoff.service;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Status;
import org.chatinbox.handoff.model.MessageActivity;
import org.chatinbox.handoff.repository.HandoffRepository;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ProcessedEventRepository;

/**
 * Applies what other services and the channels say, one transaction per consumed batch, each event once (by its id): messages
 * tell a conversation's bot and channel and whether the visitor waits for the holder; the bot's request for a human sets
 * {@code needsHuman} and lets auto-assignment act; a conversation resolved in conversation-service frees its agent's seat. The
 * workspaces of the batch are locked first, in order, as every command locks its own.
 */
@ApplicationScoped
public class EventApplier {

    private final ProcessedEventRepository processed;
    private final HandoffRepository conversations;
    private final AutoAssigner autoAssigner;

    public EventApplier(ProcessedEventRepository processed, HandoffRepository conversations, AutoAssigner autoAssigner) {
        this.processed = processed;
        this.conversations = conversations;
        this.autoAssigner = autoAssigner;
    }

    /** Returns how many events were new. */
    @Transactional(rollbackOn = Exception.class)
    public int apply(List<CloudEvent<?>> batch) throws SQLException {
        Set<String> fresh = processed.claim(batch.stream().map(CloudEvent::id).toList());
        List<CloudEvent<?>> events = batch.stream().filter(e -> fresh.contains(e.id())).toList();
        // each workspace in one mode, taken once, in order: to itself where this batch decides seats, shared elsewhere
        Map<String, Boolean> deciding = new TreeMap<>();
        for (CloudEvent<?> event : events) {
            String workspace = workspace(event);
            if (workspace != null) {
                deciding.merge(workspace, !(event.data() instanceof MessageCreated), Boolean::logicalOr);
            }
        }
        for (Map.Entry<String, Boolean> workspace : deciding.entrySet()) {
            if (workspace.getValue()) {
                conversations.lockWorkspace(workspace.getKey());
            } else {
                conversations.shareWorkspace(workspace.getKey());
            }
        }
        conversations.recordMessages(activity(events));
        Set<String> freed = new TreeSet<>();
        for (CloudEvent<?> event : events) {
            if (event.data() instanceof HandoffRequested request) {
                ConversationKey key = new ConversationKey(request.workspaceId(), request.conversationId());
                if (conversations.requestHuman(key, event.time())) {
                    autoAssigner.requested(key);
                }
            } else if (event.data() instanceof ConversationUpdated update) {
                ConversationKey key = new ConversationKey(update.workspaceId(), update.conversationId());
                if (conversations.setResolved(key, update.status() == Status.RESOLVED)) {
                    freed.add(update.workspaceId()); // resolved frees a seat; reopened may wait for one again
                }
            }
        }
        for (String workspace : freed) {
            autoAssigner.assignWaiting(workspace);
        }
        return events.size();
    }

    /** The batch's messages, one entry per conversation, in key order (the order rows are locked in). */
    static List<MessageActivity> activity(List<CloudEvent<?>> events) {
        Map<ConversationKey, MessageActivity> byConversation = new TreeMap<>();
        for (CloudEvent<?> event : events) {
            if (!(event.data() instanceof MessageCreated message)) {
                continue;
            }
            ConversationKey key = new ConversationKey(message.workspaceId(), message.conversationId());
            MessageActivity before = byConversation.get(key);
            boolean agent = message.sender().role() == Role.AGENT;
            boolean visitor = message.sender().role() == Role.VISITOR;
            var since = before == null ? null : before.visitorSince();
            if (agent) {
                since = null;
            } else if (visitor && since == null) {
                since = event.time();
            }
            byConversation.put(key, new MessageActivity(key, before == null ? message.botId() : before.botId(),
                    before == null ? message.channel() : before.channel(), since,
                    agent || (before != null && before.agentReplied())));
        }
        return new ArrayList<>(byConversation.values());
    }

    private static String workspace(CloudEvent<?> event) {
        if (event.data() instanceof MessageCreated message) {
            return message.workspaceId();
        }
        if (event.data() instanceof HandoffRequested request) {
            return request.workspaceId();
        }
        if (event.data() instanceof ConversationUpdated update) {
            return update.workspaceId();
        }
        return null;
    }
}
