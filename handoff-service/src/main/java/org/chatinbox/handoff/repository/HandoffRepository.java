package org.chatinbox.handoff.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.data.Mode;
import org.chatinbox.handoff.model.HandoffState;
import org.chatinbox.handoff.model.MessageActivity;
import org.chatinbox.service.model.ConversationKey;

/**
 * {@code conversation}: who answers each conversation. Writers take their workspace's lock first: shared for a change to one
 * conversation (which then locks its row), exclusive for what decides from the whole workspace (auto-assignment: who is least
 * loaded, which conversation waited longest), so that such a decision never interleaves with a change it depends on, while
 * changes to different conversations run side by side. A write also checks the version it was decided on.
 */
@ApplicationScoped
public class HandoffRepository {

    private static final String COLUMNS = "workspace_id, conversation_id, bot_id, channel, mode, holder, assignee, needs_human, "
            + "human_requested_at, held_since, visitor_waiting_since, resolved, version";
    // the namespace of this service's advisory locks (the second key is the workspace's hash)
    private static final int WORKSPACE_LOCKS = 14;

    private final DataSource dataSource;

    public HandoffRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The workspace to itself until the transaction ends: for decisions made from the whole workspace. Callers holding several
     * workspaces take them in workspace order, and always before any row, so that no two transactions wait for each other.
     */
    public void lockWorkspace(String workspace) throws SQLException {
        advisoryLock("pg_advisory_xact_lock", workspace);
    }

    /** The workspace shared with the other changes to single conversations, until the transaction ends. */
    public void shareWorkspace(String workspace) throws SQLException {
        advisoryLock("pg_advisory_xact_lock_shared", workspace);
    }

    private void advisoryLock(String function, String workspace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?, hashtext(?))")) {
            lock.setInt(1, WORKSPACE_LOCKS);
            lock.setString(2, workspace);
            lock.execute();
        }
    }

    /**
     * The conversation, its row locked until the transaction ends: a second command on it waits, then sees this one's change.
     */
    public Optional<HandoffState> lock(ConversationKey key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM conversation WHERE workspace_id = ? AND conversation_id = ? FOR UPDATE")) {
            select.setString(1, key.workspaceId());
            select.setString(2, key.conversationId());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(state(row)) : Optional.empty();
            }
        }
    }

    /** The workspaces with auto-assignment on and a conversation waiting for a seat, at most {@code limit}. */
    public List<String> workspacesWaiting(int limit) throws SQLException {
        List<String> workspaces = new java.util.ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT a.workspace_id FROM auto_assignment a WHERE a.enabled AND EXISTS (SELECT 1 FROM conversation c
                            WHERE c.workspace_id = a.workspace_id AND c.needs_human AND c.assignee IS NULL AND NOT c.resolved)
                        ORDER BY a.workspace_id LIMIT ?""")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    workspaces.add(rows.getString(1));
                }
            }
        }
        return workspaces;
    }

    public Optional<HandoffState> find(ConversationKey key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM conversation WHERE workspace_id = ? AND conversation_id = ?")) {
            select.setString(1, key.workspaceId());
            select.setString(2, key.conversationId());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(state(row)) : Optional.empty();
            }
        }
    }

    /**
     * Writes the new state over the version it was decided on; returns the stored state (its version one up), or empty when the
     * row changed meanwhile.
     */
    public Optional<HandoffState> update(HandoffState changed) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE conversation SET mode = ?, holder = ?, assignee = ?, needs_human = ?, human_requested_at = ?,
                            held_since = ?, visitor_waiting_since = ?, version = version + 1
                        WHERE workspace_id = ? AND conversation_id = ? AND version = ?
                        RETURNING\s""" + COLUMNS)) {
            update.setString(1, changed.mode().name());
            update.setString(2, changed.holder());
            update.setString(3, changed.assignee());
            update.setBoolean(4, changed.needsHuman());
            update.setTimestamp(5, timestamp(changed.humanRequestedAt()));
            update.setTimestamp(6, timestamp(changed.heldSince()));
            update.setTimestamp(7, timestamp(changed.visitorWaitingSince()));
            update.setString(8, changed.workspaceId());
            update.setString(9, changed.conversationId());
            update.setLong(10, changed.version());
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? Optional.of(state(row)) : Optional.empty();
            }
        }
    }

    /**
     * Records a batch's messages, one statement for all: the conversation (created if new) learns its bot and channel, and in
     * {@code HUMAN} mode when the visitor started waiting for the holder (an agent's answer ends the wait).
     */
    public void recordMessages(List<MessageActivity> activity) throws SQLException {
        if (activity.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO conversation AS c (workspace_id, conversation_id, bot_id, channel, visitor_waiting_since)
                        SELECT w, id, b, ch, NULL FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                            AS a (w, id, b, ch)
                        ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET bot_id = coalesce(c.bot_id, excluded.bot_id),
                            channel = coalesce(c.channel, excluded.channel)""");
                PreparedStatement waiting = connection.prepareStatement("""
                        UPDATE conversation c SET visitor_waiting_since = CASE WHEN a.replied THEN a.since
                            ELSE coalesce(c.visitor_waiting_since, a.since) END
                        FROM unnest(?::varchar[], ?::varchar[], ?::timestamptz[], ?::boolean[]) AS a (w, id, since, replied)
                        WHERE c.workspace_id = a.w AND c.conversation_id = a.id AND c.mode = 'HUMAN'""")) {
            upsert.setArray(1,
                    connection.createArrayOf("varchar", activity.stream().map(a -> a.key().workspaceId()).toArray()));
            upsert.setArray(2,
                    connection.createArrayOf("varchar", activity.stream().map(a -> a.key().conversationId()).toArray()));
            upsert.setArray(3, connection.createArrayOf("varchar", activity.stream().map(MessageActivity::botId).toArray()));
            upsert.setArray(4, connection.createArrayOf("varchar", activity.stream().map(MessageActivity::channel).toArray()));
            upsert.executeUpdate();
            List<MessageActivity> talking = activity.stream().filter(a -> a.visitorSince() != null || a.agentReplied())
                    .toList();
            if (talking.isEmpty()) {
                return;
            }
            waiting.setArray(1,
                    connection.createArrayOf("varchar", talking.stream().map(a -> a.key().workspaceId()).toArray()));
            waiting.setArray(2,
                    connection.createArrayOf("varchar", talking.stream().map(a -> a.key().conversationId()).toArray()));
            waiting.setArray(3, connection.createArrayOf("timestamptz",
                    talking.stream().map(a -> timestamp(a.visitorSince())).toArray()));
            waiting.setArray(4,
                    connection.createArrayOf("boolean", talking.stream().map(MessageActivity::agentReplied).toArray()));
            waiting.executeUpdate();
        }
    }

    /**
     * The bot asks for a human: {@code needsHuman} from then until an agent takes over, dated by the first request still
     * unanswered. Returns whether it changed anything (a conversation held by a human, or already waiting, stays as it is).
     */
    public boolean requestHuman(ConversationKey key, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO conversation AS c (workspace_id, conversation_id, needs_human, human_requested_at)
                        VALUES (?, ?, true, ?)
                        ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET needs_human = true,
                            human_requested_at = excluded.human_requested_at, version = c.version + 1
                        WHERE c.mode = 'BOT' AND NOT c.needs_human""")) {
            upsert.setString(1, key.workspaceId());
            upsert.setString(2, key.conversationId());
            upsert.setTimestamp(3, timestamp(at));
            return upsert.executeUpdate() > 0;
        }
    }

    /** Whether the conversation is resolved (status from conversation-service); returns whether that changed. */
    public boolean setResolved(ConversationKey key, boolean resolved) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO conversation AS c (workspace_id, conversation_id, resolved) VALUES (?, ?, ?)
                        ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET resolved = excluded.resolved,
                            version = c.version + 1
                        WHERE c.resolved <> excluded.resolved""")) {
            upsert.setString(1, key.workspaceId());
            upsert.setString(2, key.conversationId());
            upsert.setBoolean(3, resolved);
            return upsert.executeUpdate() > 0;
        }
    }

    /** The conversation that has waited longest for a human and has nobody assigned (the auto-assignment queue's head). */
    public Optional<HandoffState> oldestWaiting(String workspace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + """
                         FROM conversation WHERE workspace_id = ? AND needs_human AND assignee IS NULL AND NOT resolved
                        ORDER BY human_requested_at, conversation_id LIMIT 1""")) {
            select.setString(1, workspace);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(state(row)) : Optional.empty();
            }
        }
    }

    private static HandoffState state(ResultSet row) throws SQLException {
        return new HandoffState(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                Mode.valueOf(row.getString(5)), row.getString(6), row.getString(7), row.getBoolean(8), instant(row, 9),
                instant(row, 10), instant(row, 11), row.getBoolean(12), row.getLong(13));
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
