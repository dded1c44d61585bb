package org.chatinbox.conversation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.conversation.model.ConversationStatus;
import org.chatinbox.events.data.Status;
import org.chatinbox.service.model.ConversationKey;

/**
 * {@code conversation_state}: what is known of a conversation besides its messages (mode, holder, needsHuman, assignee and
 * summary from other services; status and labels from this one), kept apart because it may arrive before the conversation's
 * first message, and copied onto the conversation row once that exists. Each change by another service lands only when it is
 * not older, by its event time, than the one stored.
 */
@ApplicationScoped
public class ConversationStateRepository {

    // an update that changes nothing: it is there for the lock that ON CONFLICT DO UPDATE takes on an existing row
    private static final String LOCK = "INSERT INTO conversation_state AS s (workspace_id, conversation_id) ";
    private static final String LOCK_ON_CONFLICT = " ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET mode = s.mode";

    private static final String COPY = """
            UPDATE conversation c SET mode = coalesce(s.mode, c.mode), holder = s.holder,
                needs_human = CASE WHEN s.human_requested_at > coalesce(s.handoff_at, '-infinity') AND coalesce(s.mode, 'BOT') = 'BOT'
                    THEN true ELSE coalesce(s.needs_human, c.needs_human) END,
                assignee = s.assignee, summary = s.summary,
                status = coalesce(s.status, c.status),
                snoozed_until = CASE WHEN s.status IS NULL THEN c.snoozed_until ELSE s.snoozed_until END,
                labels = coalesce(s.labels, c.labels),
                bot_failed = c.bot_failed OR s.human_requested_at IS NOT NULL
            FROM conversation_state s
            WHERE s.workspace_id = c.workspace_id AND s.conversation_id = c.id""";

    private final DataSource dataSource;

    public ConversationStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a handoff change unless a newer one is stored; returns the mode it replaced (BOT when none), empty if older. */
    public Optional<String> handoff(ConversationKey conversation, String mode, String holder, boolean needsHuman, Instant at)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(
                        """
                                WITH old AS (SELECT mode FROM conversation_state WHERE workspace_id = ? AND conversation_id = ?)
                                INSERT INTO conversation_state AS s (workspace_id, conversation_id, mode, holder, needs_human, handoff_at)
                                VALUES (?, ?, ?, ?, ?, ?)
                                ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET mode = excluded.mode, holder = excluded.holder,
                                    needs_human = excluded.needs_human, handoff_at = excluded.handoff_at
                                WHERE s.handoff_at IS NULL OR s.handoff_at <= excluded.handoff_at
                                RETURNING (SELECT mode FROM old)""")) {
            upsert.setString(1, conversation.workspaceId());
            upsert.setString(2, conversation.conversationId());
            upsert.setString(3, conversation.workspaceId());
            upsert.setString(4, conversation.conversationId());
            upsert.setString(5, mode);
            upsert.setString(6, holder);
            upsert.setBoolean(7, needsHuman);
            upsert.setTimestamp(8, Sql.timestamp(at));
            try (ResultSet row = upsert.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String previous = row.getString(1);
                return Optional.of(previous == null ? "BOT" : previous);
            }
        }
    }

    /**
     * A human took the conversation at {@code since}; {@code waitedSeconds} is how long the visitor had waited for one (null
     * when the bot did not ask).
     */
    public void held(ConversationKey conversation, Instant since, Long waitedSeconds) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE conversation_state SET held_since = ?, held_until = NULL, waited_for_human_seconds = ?
                        WHERE workspace_id = ? AND conversation_id = ?""")) {
            update.setTimestamp(1, Sql.timestamp(since));
            if (waitedSeconds == null) {
                update.setNull(2, java.sql.Types.BIGINT);
            } else {
                update.setLong(2, waitedSeconds);
            }
            update.setString(3, conversation.workspaceId());
            update.setString(4, conversation.conversationId());
            update.executeUpdate();
        }
    }

    /** The hold ended at {@code until} (handed back to the bot). */
    public void released(ConversationKey conversation, Instant until) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE conversation_state SET held_until = ? WHERE workspace_id = ? AND conversation_id = ?")) {
            update.setTimestamp(1, Sql.timestamp(until));
            update.setString(2, conversation.workspaceId());
            update.setString(3, conversation.conversationId());
            update.executeUpdate();
        }
    }

    /** Stores an assignment unless a newer one is stored; returns whether it landed. */
    public boolean assignment(ConversationKey conversation, String assignee, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO conversation_state AS s (workspace_id, conversation_id, assignee, assignment_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET assignee = excluded.assignee,
                            assignment_at = excluded.assignment_at
                        WHERE s.assignment_at IS NULL OR s.assignment_at <= excluded.assignment_at""")) {
            upsert.setString(1, conversation.workspaceId());
            upsert.setString(2, conversation.conversationId());
            upsert.setString(3, assignee);
            upsert.setTimestamp(4, Sql.timestamp(at));
            return upsert.executeUpdate() > 0;
        }
    }

    /** Stores a summary (the event's data, as JSON) unless a newer one is stored; returns whether it landed. */
    public boolean summary(ConversationKey conversation, Object summary, Instant generatedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO conversation_state AS s (workspace_id, conversation_id, summary, summary_at)
                        VALUES (?, ?, ?::jsonb, ?)
                        ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET summary = excluded.summary,
                            summary_at = excluded.summary_at
                        WHERE s.summary_at IS NULL OR s.summary_at <= excluded.summary_at""")) {
            upsert.setString(1, conversation.workspaceId());
            upsert.setString(2, conversation.conversationId());
            upsert.setString(3, Sql.json(summary));
            upsert.setTimestamp(4, Sql.timestamp(generatedAt));
            return upsert.executeUpdate() > 0;
        }
    }

    /** Keeps the latest time the bot asked for a human; the copy decides from it and the last handoff change. */
    public void humanRequested(ConversationKey conversation, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO conversation_state AS s (workspace_id, conversation_id, human_requested_at) VALUES (?, ?, ?)
                        ON CONFLICT (workspace_id, conversation_id) DO UPDATE
                            SET human_requested_at = greatest(s.human_requested_at, excluded.human_requested_at)""")) {
            upsert.setString(1, conversation.workspaceId());
            upsert.setString(2, conversation.conversationId());
            upsert.setTimestamp(3, Sql.timestamp(at));
            upsert.executeUpdate();
        }
    }

    /** The status and labels stored for the conversation, locked; {@link ConversationStatus#INITIAL} when none are. */
    public ConversationStatus lockStatus(ConversationKey conversation) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT status, snoozed_until, labels FROM conversation_state
                        WHERE workspace_id = ? AND conversation_id = ? AND status IS NOT NULL FOR UPDATE""")) {
            select.setString(1, conversation.workspaceId());
            select.setString(2, conversation.conversationId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return ConversationStatus.INITIAL;
                }
                return Sql.conversationStatus(row);
            }
        }
    }

    public void setStatus(ConversationKey conversation, ConversationStatus status) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO conversation_state AS s (workspace_id, conversation_id, status, snoozed_until, labels)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET status = excluded.status,
                            snoozed_until = excluded.snoozed_until, labels = excluded.labels""")) {
            upsert.setString(1, conversation.workspaceId());
            upsert.setString(2, conversation.conversationId());
            upsert.setString(3, status.status().wireName());
            upsert.setTimestamp(4, status.status() == Status.SNOOZED ? Sql.timestamp(status.snoozedUntil()) : null);
            upsert.setArray(5, connection.createArrayOf("text", status.labels().toArray()));
            upsert.executeUpdate();
        }
    }

    /**
     * Locks the conversation's state row, creating an empty one if there is none yet. A batch creating a conversation and one
     * writing its state or rating its messages meet on this row: whichever comes second waits for the other to commit, then
     * sees its writes.
     */
    public void lock(ConversationKey conversation) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement(LOCK + "VALUES (?, ?)" + LOCK_ON_CONFLICT)) {
            lock.setString(1, conversation.workspaceId());
            lock.setString(2, conversation.conversationId());
            lock.executeUpdate();
        }
    }

    /** {@link #lock} for many conversations, in the order given (key order, so that concurrent batches do not deadlock). */
    public void lock(List<ConversationKey> conversations) throws SQLException {
        if (conversations.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection
                        .prepareStatement(LOCK + "SELECT * FROM " + Sql.KEYS.unnest() + LOCK_ON_CONFLICT)) {
            Sql.KEYS.bind(connection, lock, 1, conversations);
            lock.executeUpdate();
        }
    }

    /** Shows the state on the conversation's row (none yet: nothing to do, its creation copies it). */
    public void copyToConversation(ConversationKey conversation) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement copy = connection.prepareStatement(COPY + " AND c.workspace_id = ? AND c.id = ?")) {
            copy.setString(1, conversation.workspaceId());
            copy.setString(2, conversation.conversationId());
            copy.executeUpdate();
        }
    }

    public void copyToConversations(List<ConversationKey> conversations) throws SQLException {
        if (conversations.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement copy = connection.prepareStatement(
                        COPY + " AND (c.workspace_id, c.id) IN (SELECT * FROM " + Sql.KEYS.unnest() + ")")) {
            Sql.KEYS.bind(connection, copy, 1, conversations);
            copy.executeUpdate();
        }
    }
}
