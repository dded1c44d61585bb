package org.chatinbox.conversation.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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
 * Status and labels, which this service owns. Each change updates the conversation, adds a timeline entry and enqueues
 * {@code inbox.conversation.updated} in one transaction: the change and its event commit together or not at all.
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

    /** Sets the status; returns false when the workspace has no such conversation. */
    @Transactional(rollbackOn = Exception.class)
    public boolean setStatus(String workspace, String conversationId, Status status, Instant snoozedUntil, String actor)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Optional<Current> current = lock(connection, workspace, conversationId);
            if (current.isEmpty()) {
                return false;
            }
            String to = wire(status);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE conversation SET status = ?, snoozed_until = ? WHERE workspace_id = ? AND id = ?")) {
                update.setString(1, to);
                update.setTimestamp(2, snoozedUntil == null ? null : ReadModelWriter.timestamp(snoozedUntil));
                update.setString(3, workspace);
                update.setString(4, conversationId);
                update.executeUpdate();
            }
            announce(connection, workspace, conversationId, "status", actor, current.get().status(), to, status, snoozedUntil,
                    current.get().labels());
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
            try (PreparedStatement update = connection
                    .prepareStatement("UPDATE conversation SET labels = ? WHERE workspace_id = ? AND id = ?")) {
                update.setArray(1, connection.createArrayOf("text", labels.toArray()));
                update.setString(2, workspace);
                update.setString(3, conversationId);
                update.executeUpdate();
            }
            announce(connection, workspace, conversationId, "labels", actor, String.join(",", current.get().labels()),
                    String.join(",", labels), status(current.get().status()), current.get().snoozedUntil(), labels);
            return true;
        }
    }

    /**
     * New visitor messages reopen snoozed or resolved conversations: one statement for the whole batch, called inside the
     * consumer's transaction. The change is dated when it happens, like an agent's, so the timeline keeps the order of things
     * done.
     */
    static void reopenWhereVisitorsWrote(Connection connection, EventCodec codec, List<String[]> conversations)
            throws SQLException {
        if (conversations.isEmpty()) {
            return;
        }
        Instant at = Instant.now();
        try (PreparedStatement reopen = connection.prepareStatement("""
                UPDATE conversation c SET status = 'open', snoozed_until = NULL
                FROM (SELECT c2.workspace_id, c2.id, c2.status AS old_status FROM conversation c2
                      JOIN unnest(?::varchar[], ?::varchar[]) AS k(w, i) ON c2.workspace_id = k.w AND c2.id = k.i
                      WHERE c2.status <> 'open' FOR UPDATE OF c2) old
                WHERE c.workspace_id = old.workspace_id AND c.id = old.id
                RETURNING c.workspace_id, c.id, old.old_status, c.labels""")) {
            reopen.setArray(1, connection.createArrayOf("varchar", conversations.stream().map(k -> k[0]).toArray()));
            reopen.setArray(2, connection.createArrayOf("varchar", conversations.stream().map(k -> k[1]).toArray()));
            try (ResultSet rows = reopen.executeQuery()) {
                while (rows.next()) {
                    String workspace = rows.getString(1);
                    String conversationId = rows.getString(2);
                    List<String> labels = Arrays.asList((String[]) rows.getArray(4).getArray());
                    timeline(connection, workspace, conversationId, at, "status", "visitor", rows.getString(3), "open", null);
                    Outbox.enqueue(connection, codec, CloudEvent.of(UUID.randomUUID().toString(), SOURCE, at,
                            new ConversationUpdated(workspace, conversationId, Status.OPEN, null, labels, "visitor")));
                }
            }
        }
    }

    private record Current(String status, Instant snoozedUntil, List<String> labels) {
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
                Timestamp snoozed = row.getTimestamp(2);
                return Optional.of(new Current(row.getString(1), snoozed == null ? null : snoozed.toInstant(),
                        Arrays.asList((String[]) row.getArray(3).getArray())));
            }
        }
    }

    private void announce(Connection connection, String workspace, String conversationId, String type, String actor,
            String from, String to, Status status, Instant snoozedUntil, List<String> labels) throws SQLException {
        Instant now = Instant.now();
        timeline(connection, workspace, conversationId, now, type, actor, from, to, null);
        Outbox.enqueue(connection, codec, CloudEvent.of(UUID.randomUUID().toString(), SOURCE, now,
                new ConversationUpdated(workspace, conversationId, status, status == Status.SNOOZED ? snoozedUntil : null,
                        labels, actor)));
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
