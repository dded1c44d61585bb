package org.chatinbox.conversation.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.SummaryUpdated;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The state other services own (mode, holder, needsHuman, assignee, summary), applied in the consumer's transaction. The newest
 * change by its event time wins, so a late or replayed event never undoes a newer one; each change that lands is also a
 * timeline entry.
 */
final class OwnedStateWriter {

    private OwnedStateWriter() {
    }

    static void handoff(Connection connection, CloudEvent<?> event, HandoffChanged handoff) throws SQLException {
        String previousMode = null;
        try (PreparedStatement upsert = connection.prepareStatement("""
                WITH old AS (SELECT mode FROM conversation_state WHERE workspace_id = ? AND conversation_id = ?)
                INSERT INTO conversation_state AS s (workspace_id, conversation_id, mode, holder, needs_human, handoff_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET mode = excluded.mode, holder = excluded.holder,
                    needs_human = excluded.needs_human, handoff_at = excluded.handoff_at
                WHERE s.handoff_at IS NULL OR s.handoff_at <= excluded.handoff_at
                RETURNING (SELECT mode FROM old)""")) {
            upsert.setString(1, handoff.workspaceId());
            upsert.setString(2, handoff.conversationId());
            upsert.setString(3, handoff.workspaceId());
            upsert.setString(4, handoff.conversationId());
            upsert.setString(5, handoff.mode().name());
            upsert.setString(6, handoff.holder());
            upsert.setBoolean(7, handoff.needsHuman());
            upsert.setTimestamp(8, ReadModelWriter.timestamp(event.time()));
            try (ResultSet row = upsert.executeQuery()) {
                if (!row.next()) {
                    return; // an older change than the one stored
                }
                previousMode = row.getString(1);
            }
        }
        StatusService.timeline(connection, handoff.workspaceId(), handoff.conversationId(), event.time(), "handoff",
                handoff.actor(), previousMode == null ? "BOT" : previousMode, handoff.mode().name(), handoff.reason());
        copyToConversation(connection, handoff.workspaceId(), handoff.conversationId());
    }

    static void assignment(Connection connection, CloudEvent<?> event, AssignmentChanged assignment) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO conversation_state AS s (workspace_id, conversation_id, assignee, assignment_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET assignee = excluded.assignee,
                    assignment_at = excluded.assignment_at
                WHERE s.assignment_at IS NULL OR s.assignment_at <= excluded.assignment_at""")) {
            upsert.setString(1, assignment.workspaceId());
            upsert.setString(2, assignment.conversationId());
            upsert.setString(3, assignment.assignee());
            upsert.setTimestamp(4, ReadModelWriter.timestamp(event.time()));
            if (upsert.executeUpdate() == 0) {
                return;
            }
        }
        StatusService.timeline(connection, assignment.workspaceId(), assignment.conversationId(), event.time(), "assignment",
                assignment.actor(), assignment.previousAssignee(), assignment.assignee(), assignment.reason());
        copyToConversation(connection, assignment.workspaceId(), assignment.conversationId());
    }

    static void summary(Connection connection, CloudEvent<?> event, SummaryUpdated summary) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO conversation_state AS s (workspace_id, conversation_id, summary, summary_at)
                VALUES (?, ?, ?::jsonb, ?)
                ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET summary = excluded.summary,
                    summary_at = excluded.summary_at
                WHERE s.summary_at IS NULL OR s.summary_at <= excluded.summary_at""")) {
            upsert.setString(1, summary.workspaceId());
            upsert.setString(2, summary.conversationId());
            upsert.setString(3, json(summary));
            upsert.setTimestamp(4, ReadModelWriter.timestamp(summary.generatedAt()));
            if (upsert.executeUpdate() == 0) {
                return;
            }
        }
        copyToConversation(connection, summary.workspaceId(), summary.conversationId());
    }

    /**
     * The bot asks for a human: {@code needsHuman} until an agent takes over. The request is kept by its time beside the last
     * handoff change, and {@link #COPY} decides from both, so the answer is the same whichever topic is applied first (as in a
     * rebuild); a conversation already held by a human stays as it is.
     */
    static void humanRequested(Connection connection, CloudEvent<?> event, HandoffRequested request) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO conversation_state AS s (workspace_id, conversation_id, human_requested_at) VALUES (?, ?, ?)
                ON CONFLICT (workspace_id, conversation_id) DO UPDATE
                    SET human_requested_at = greatest(s.human_requested_at, excluded.human_requested_at)""")) {
            upsert.setString(1, request.workspaceId());
            upsert.setString(2, request.conversationId());
            upsert.setTimestamp(3, ReadModelWriter.timestamp(event.time()));
            upsert.executeUpdate();
        }
        StatusService.timeline(connection, request.workspaceId(), request.conversationId(), event.time(),
                "handoff.requested", "bot", null, null, request.reason());
        copyToConversation(connection, request.workspaceId(), request.conversationId());
    }

    static void copyToConversation(Connection connection, String workspace, String conversationId)
            throws SQLException {
        try (PreparedStatement copy = connection.prepareStatement(COPY + " AND c.workspace_id = ? AND c.id = ?")) {
            copy.setString(1, workspace);
            copy.setString(2, conversationId);
            copy.executeUpdate();
        }
    }

    /**
     * Conversations created in this batch take the state that arrived before their first message. Their state rows are locked
     * first (created if need be), because a batch creating a conversation and one writing its state or rating its messages must
     * meet on a row: whichever comes second waits for the other to commit, then sees its writes. Without it, a handoff applied
     * while the conversation was still uncommitted copied to no row, this copy saw no state yet, and the change never showed.
     */
    static void takeStateOfNewConversations(Connection connection, List<String[]> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        Object[] workspaces = keys.stream().map(k -> k[0]).toArray();
        Object[] ids = keys.stream().map(k -> k[1]).toArray();
        try (PreparedStatement lock = connection.prepareStatement(LOCK_STATE
                + " SELECT * FROM unnest(?::varchar[], ?::varchar[])" + LOCK_STATE_ON_CONFLICT)) {
            lock.setArray(1, connection.createArrayOf("varchar", workspaces));
            lock.setArray(2, connection.createArrayOf("varchar", ids));
            lock.executeUpdate();
        }
        try (PreparedStatement copy = connection.prepareStatement(
                COPY + " AND (c.workspace_id, c.id) IN (SELECT * FROM unnest(?::varchar[], ?::varchar[]))")) {
            copy.setArray(1, connection.createArrayOf("varchar", workspaces));
            copy.setArray(2, connection.createArrayOf("varchar", ids));
            copy.executeUpdate();
        }
    }

    /** Locks one conversation's state row, creating an empty one if there is none yet: see takeStateOfNewConversations. */
    static void lockState(Connection connection, String workspace, String conversationId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_STATE + " VALUES (?, ?)" + LOCK_STATE_ON_CONFLICT)) {
            lock.setString(1, workspace);
            lock.setString(2, conversationId);
            lock.executeUpdate();
        }
    }

    // an update that changes nothing: it is there for the lock that ON CONFLICT DO UPDATE takes on an existing row
    private static final String LOCK_STATE = "INSERT INTO conversation_state AS s (workspace_id, conversation_id)";
    private static final String LOCK_STATE_ON_CONFLICT = " ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET mode = s.mode";

    private static final String COPY = """
            UPDATE conversation c SET mode = coalesce(s.mode, c.mode), holder = s.holder,
                needs_human = CASE WHEN s.human_requested_at > coalesce(s.handoff_at, '-infinity') AND coalesce(s.mode, 'BOT') = 'BOT'
                    THEN true ELSE coalesce(s.needs_human, c.needs_human) END,
                assignee = s.assignee, summary = s.summary,
                status = coalesce(s.status, c.status),
                snoozed_until = CASE WHEN s.status IS NULL THEN c.snoozed_until ELSE s.snoozed_until END,
                labels = coalesce(s.labels, c.labels)
            FROM conversation_state s
            WHERE s.workspace_id = c.workspace_id AND s.conversation_id = c.id""";

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
