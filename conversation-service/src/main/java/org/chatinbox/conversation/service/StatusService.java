package org.chatinbox.conversation.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.conversation.messaging.Outbox;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.Status;

/**
 * Status and labels, which this service owns. A change is an {@code inbox.conversation.updated} event, applied to the read
 * model and enqueued in the outbox in one transaction: the change and its event commit together or not at all. The same event,
 * read back from {@code inbox.conversations}, applies the same way ({@link #apply}), which is how a rebuilt read model gets
 * status and labels back; in normal operation the event's id is already processed and the read-back changes nothing.
 */
@ApplicationScoped
public class StatusService {

    static final String SOURCE = "/services/conversation";

    private final DataSource dataSource;
    private final EventCodec codec;

    public StatusService(DataSource dataSource, EventCodec codec) {
        this.dataSource = dataSource;
        this.codec = codec;
    }

    /** Sets the status; returns false when the workspace has no such conversation. Setting the current status is no change. */
    @Transactional(rollbackOn = Exception.class)
    public boolean setStatus(String workspace, String conversationId, Status status, Instant snoozedUntil, String actor)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Optional<Current> current = lock(connection, workspace, conversationId);
            if (current.isEmpty()) {
                return false;
            }
            Instant until = status == Status.SNOOZED ? micros(snoozedUntil) : null;
            if (current.get().status() == status && Objects.equals(current.get().snoozedUntil(), until)) {
                return true;
            }
            announce(connection, codec, new ConversationUpdated(workspace, conversationId, status, until,
                    current.get().labels(), actor));
            return true;
        }
    }

    /** Replaces the labels; returns false when the workspace has no such conversation. */
    @Transactional(rollbackOn = Exception.class)
    public boolean setLabels(String workspace, String conversationId, List<String> labels, String actor) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Optional<Current> current = lock(connection, workspace, conversationId);
            if (current.isEmpty()) {
                return false;
            }
            if (current.get().labels().equals(labels)) {
                return true;
            }
            announce(connection, codec, new ConversationUpdated(workspace, conversationId, current.get().status(),
                    current.get().snoozedUntil(), labels, actor));
            return true;
        }
    }

    /**
     * Visitor messages consumed live reopen snoozed or resolved conversations, inside the consumer's transaction. The change is
     * dated when it happens, like an agent's, so the timeline keeps the order of things done.
     */
    static void reopenWhereVisitorsWrote(Connection connection, EventCodec codec, List<String[]> conversations)
            throws SQLException {
        if (conversations.isEmpty()) {
            return;
        }
        List<ConversationUpdated> reopened = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT c.workspace_id, c.id, c.labels FROM conversation c
                JOIN unnest(?::varchar[], ?::varchar[]) AS k(w, i) ON c.workspace_id = k.w AND c.id = k.i
                WHERE c.status <> 'open' FOR UPDATE OF c""")) {
            select.setArray(1, connection.createArrayOf("varchar", conversations.stream().map(k -> k[0]).toArray()));
            select.setArray(2, connection.createArrayOf("varchar", conversations.stream().map(k -> k[1]).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    reopened.add(new ConversationUpdated(rows.getString(1), rows.getString(2), Status.OPEN, null,
                            Arrays.asList((String[]) rows.getArray(3).getArray()), "visitor"));
                }
            }
        }
        for (ConversationUpdated update : reopened) {
            announce(connection, codec, update);
        }
    }

    /**
     * Applies a status and labels change: waits in {@code conversation_state} until the conversation exists (a replayed change
     * may come before its first message), adds a timeline entry for what changed, and shows on the conversation.
     */
    static void apply(Connection connection, CloudEvent<?> event, ConversationUpdated update) throws SQLException {
        String oldStatus = "open";
        Instant oldUntil = null;
        List<String> oldLabels = List.of();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT status, snoozed_until, labels FROM conversation_state
                WHERE workspace_id = ? AND conversation_id = ? AND status IS NOT NULL FOR UPDATE""")) {
            select.setString(1, update.workspaceId());
            select.setString(2, update.conversationId());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    oldStatus = row.getString(1);
                    oldUntil = instant(row.getTimestamp(2));
                    oldLabels = Arrays.asList((String[]) row.getArray(3).getArray());
                }
            }
        }
        String status = wire(update.status());
        Instant until = update.status() == Status.SNOOZED ? micros(update.snoozedUntil()) : null;
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO conversation_state AS s (workspace_id, conversation_id, status, snoozed_until, labels)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET status = excluded.status,
                    snoozed_until = excluded.snoozed_until, labels = excluded.labels""")) {
            upsert.setString(1, update.workspaceId());
            upsert.setString(2, update.conversationId());
            upsert.setString(3, status);
            upsert.setTimestamp(4, until == null ? null : ReadModelWriter.timestamp(until));
            upsert.setArray(5, connection.createArrayOf("text", update.labels().toArray()));
            upsert.executeUpdate();
        }
        if (!status.equals(oldStatus) || !Objects.equals(until, oldUntil)) {
            timeline(connection, update.workspaceId(), update.conversationId(), event.time(), "status", update.actor(),
                    oldStatus, status, null);
        }
        if (!update.labels().equals(oldLabels)) {
            timeline(connection, update.workspaceId(), update.conversationId(), event.time(), "labels", update.actor(),
                    String.join(",", oldLabels), String.join(",", update.labels()), null);
        }
        OwnedStateWriter.copyToConversation(connection, update.workspaceId(), update.conversationId());
    }

    private record Current(Status status, Instant snoozedUntil, List<String> labels) {
    }

    private static Optional<Current> lock(Connection connection, String workspace, String conversationId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT status, snoozed_until, labels FROM conversation WHERE workspace_id = ? AND id = ? FOR UPDATE")) {
            select.setString(1, workspace);
            select.setString(2, conversationId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Current(status(row.getString(1)), instant(row.getTimestamp(2)),
                        Arrays.asList((String[]) row.getArray(3).getArray())));
            }
        }
    }

    /** A change made here: its id is processed already, so reading it back from the topic changes nothing. */
    private static void announce(Connection connection, EventCodec codec, ConversationUpdated update) throws SQLException {
        CloudEvent<ConversationUpdated> event = CloudEvent.of(UUID.randomUUID().toString(), SOURCE, Instant.now(), update);
        try (PreparedStatement claim = connection.prepareStatement("INSERT INTO processed_event (event_id) VALUES (?)")) {
            claim.setString(1, event.id());
            claim.executeUpdate();
        }
        apply(connection, event, update);
        Outbox.enqueue(connection, codec, event);
    }

    /** What PostgreSQL keeps of a time, so that a time read back compares equal to the one written. */
    private static Instant micros(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static void timeline(Connection connection, String workspace, String conversationId, Instant at, String type,
            String actor, String from, String to, String reason) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                """
                        INSERT INTO timeline_entry (workspace_id, conversation_id, at, type, actor, from_value, to_value, reason, event_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, workspace);
            insert.setString(2, conversationId);
            insert.setTimestamp(3, ReadModelWriter.timestamp(at));
            insert.setString(4, type);
            insert.setString(5, actor);
            insert.setString(6, from);
            insert.setString(7, to);
            insert.setString(8, reason);
            insert.setString(9, "local:" + UUID.randomUUID());
            insert.executeUpdate();
        }
    }

    static String wire(Status status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    static Status status(String wire) {
        return Status.valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
