package org.chatinbox.summary.repository;

import static org.chatinbox.summary.repository.Columns.KEYS;
import static org.chatinbox.summary.repository.Columns.instant;
import static org.chatinbox.summary.repository.Columns.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ArrayColumns;
import org.chatinbox.summary.model.ConversationFacts;
import org.chatinbox.summary.model.SummaryView;
import org.chatinbox.summary.model.VisitorMessage;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * {@code conversation}: what each conversation's summary and figures need, and its latest summary. A conversation whose summary
 * is out of date carries the time it is due at.
 */
@ApplicationScoped
public class ConversationRepository {

    private static final String FACTS = """
            workspace_id, conversation_id, bot_id, channel, started_at, message_count, human_requested_at, human_at,
            question_taken, last_visitor_message, last_visitor_text, last_visitor_at, changes""";

    /** The writable facts of a conversation and whether its summary is now out of date. */
    private record Change(ConversationFacts facts, boolean dirty) {
    }

    private static final ArrayColumns<Change> CHANGES = new ArrayColumns<Change>()
            .add("workspace_id", "varchar", c -> c.facts().key().workspaceId())
            .add("conversation_id", "varchar", c -> c.facts().key().conversationId())
            .add("bot_id", "varchar", c -> c.facts().botId())
            .add("channel", "varchar", c -> c.facts().channel())
            .add("started_at", "timestamptz", c -> timestamp(c.facts().startedAt()))
            .add("message_count", "integer", c -> c.facts().messageCount())
            .add("human_requested_at", "timestamptz", c -> timestamp(c.facts().humanRequestedAt()))
            .add("human_at", "timestamptz", c -> timestamp(c.facts().humanAt()))
            .add("question_taken", "boolean", c -> c.facts().questionTaken())
            .add("last_visitor_message", "varchar",
                    c -> c.facts().lastVisitorMessage() == null ? null : c.facts().lastVisitorMessage().messageId())
            .add("last_visitor_text", "text",
                    c -> c.facts().lastVisitorMessage() == null ? null : c.facts().lastVisitorMessage().text())
            .add("last_visitor_at", "timestamptz",
                    c -> c.facts().lastVisitorMessage() == null ? null : timestamp(c.facts().lastVisitorMessage().sentAt()))
            .add("dirty", "boolean", Change::dirty);

    /** A new summary and the count of changes it was made at. */
    public record Made(SummaryUpdated summary, long changes) {
    }

    private static final ArrayColumns<Made> SUMMARIES = new ArrayColumns<Made>()
            .add("workspace_id", "varchar", m -> m.summary().workspaceId())
            .add("conversation_id", "varchar", m -> m.summary().conversationId())
            .add("summary", "text", m -> json(SummaryView.of(m.summary())))
            .add("changes", "bigint", Made::changes);

    private final DataSource dataSource;

    public ConversationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Locks the conversations, in key order, creating those not known yet, and returns what is known of each. A batch's
     * conversations are locked before anything is read of them, so that two consumers of the same conversation wait for each
     * other rather than overwrite each other.
     */
    public Map<ConversationKey, ConversationFacts> lock(List<ConversationKey> keys) throws SQLException {
        Map<ConversationKey, ConversationFacts> facts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversation (" + KEYS.names()
                    + ") SELECT * FROM " + KEYS.unnest() + " AS k ORDER BY 1, 2 ON CONFLICT DO NOTHING")) {
                KEYS.bind(connection, insert, 1, keys);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT " + FACTS
                    + " FROM conversation WHERE (workspace_id, conversation_id) IN (SELECT * FROM " + KEYS.unnest()
                    + ") ORDER BY workspace_id, conversation_id FOR UPDATE")) {
                KEYS.bind(connection, select, 1, keys);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ConversationFacts row = facts(rows);
                        facts.put(row.key(), row);
                    }
                }
            }
        }
        return facts;
    }

    /**
     * Writes the conversations' facts back. A conversation with new messages (or a new outcome) becomes due once it has been
     * quiet for {@code quiet}, or {@code maxWait} after the first change not summarised yet, whichever comes first.
     */
    public void save(Map<ConversationKey, ConversationFacts> facts, java.util.Set<ConversationKey> dirty, Duration quiet,
            Duration maxWait) throws SQLException {
        if (facts.isEmpty()) {
            return;
        }
        List<Change> changes = facts.values().stream().map(f -> new Change(f, dirty.contains(f.key()))).toList();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE conversation c SET bot_id = u.bot_id, channel = u.channel, started_at = u.started_at,
                            message_count = u.message_count, human_requested_at = u.human_requested_at, human_at = u.human_at,
                            question_taken = u.question_taken, last_visitor_message = u.last_visitor_message,
                            last_visitor_text = u.last_visitor_text, last_visitor_at = u.last_visitor_at,
                            changes = c.changes + CASE WHEN u.dirty THEN 1 ELSE 0 END,
                            dirty_since = CASE WHEN u.dirty THEN coalesce(c.dirty_since, now()) ELSE c.dirty_since END,
                            due_at = CASE WHEN u.dirty THEN least(coalesce(c.dirty_since, now()) + make_interval(secs => ?),
                                now() + make_interval(secs => ?)) ELSE c.due_at END
                        FROM\s""" + CHANGES.unnest() + " AS u(" + CHANGES.names() + """
                        ) WHERE c.workspace_id = u.workspace_id AND c.conversation_id = u.conversation_id""")) {
            update.setDouble(1, maxWait.toMillis() / 1000.0);
            update.setDouble(2, quiet.toMillis() / 1000.0);
            CHANGES.bind(connection, update, 3, changes);
            update.executeUpdate();
        }
    }

    /**
     * Claims up to {@code limit} conversations whose summary is due, most overdue first, for {@code lease}: they are not due
     * again before it ends (unless a new change makes them so), so that the summaries are made outside any transaction and no
     * other replica makes them meanwhile.
     */
    public List<ConversationFacts> claimDue(int limit, Duration lease) throws SQLException {
        List<ConversationFacts> due = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("UPDATE conversation c SET due_at = now()"
                        + " + make_interval(secs => ?) FROM (SELECT workspace_id, conversation_id FROM conversation"
                        + " WHERE due_at <= now() ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) d"
                        + " WHERE c.workspace_id = d.workspace_id AND c.conversation_id = d.conversation_id RETURNING "
                        + FACTS.replaceAll("(\\w+)", "c.$1"))) {
            select.setDouble(1, lease.toMillis() / 1000.0);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(facts(rows));
                }
            }
        }
        return due;
    }

    /**
     * Stores the new summaries unless a newer one is stored; a conversation that did not change meanwhile is no longer due.
     * Returns the summaries stored (those to announce).
     */
    public List<SummaryUpdated> summarized(List<Made> made) throws SQLException {
        List<SummaryUpdated> stored = new ArrayList<>();
        if (made.isEmpty()) {
            return stored;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE conversation c SET summary = u.summary::jsonb,"
                        + " summary_changes = u.changes,"
                        + " dirty_since = CASE WHEN c.changes = u.changes THEN NULL ELSE c.dirty_since END,"
                        + " due_at = CASE WHEN c.changes = u.changes THEN NULL ELSE c.due_at END FROM "
                        + SUMMARIES.unnest() + " AS u(" + SUMMARIES.names() + ") WHERE c.workspace_id = u.workspace_id"
                        + " AND c.conversation_id = u.conversation_id AND c.summary_changes <= u.changes"
                        + " RETURNING c.workspace_id, c.conversation_id")) {
            SUMMARIES.bind(connection, update, 1, made);
            java.util.Set<ConversationKey> landed = new java.util.HashSet<>();
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    landed.add(new ConversationKey(rows.getString(1), rows.getString(2)));
                }
            }
            for (Made m : made) {
                if (landed.contains(new ConversationKey(m.summary().workspaceId(), m.summary().conversationId()))) {
                    stored.add(m.summary());
                }
            }
        }
        return stored;
    }

    /** The conversation's latest summary; empty when the conversation is not known or not summarised yet. */
    public Optional<SummaryView> summary(ConversationKey key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT summary FROM conversation WHERE workspace_id = ? AND conversation_id = ?")) {
            select.setString(1, key.workspaceId());
            select.setString(2, key.conversationId());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next() || rows.getString(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(EventJson.mapper().readValue(rows.getString(1), SummaryView.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored summary does not read back", e);
            }
        }
    }

    /** Whether the workspace has the conversation. */
    public boolean exists(ConversationKey key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM conversation WHERE workspace_id = ? AND conversation_id = ? AND started_at IS NOT NULL")) {
            select.setString(1, key.workspaceId());
            select.setString(2, key.conversationId());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static ConversationFacts facts(ResultSet row) throws SQLException {
        String lastVisitor = row.getString(10);
        return new ConversationFacts(new ConversationKey(row.getString(1), row.getString(2)), row.getString(3),
                row.getString(4), instant(row.getTimestamp(5)), row.getInt(6), instant(row.getTimestamp(7)),
                instant(row.getTimestamp(8)), row.getBoolean(9),
                lastVisitor == null ? null : new VisitorMessage(lastVisitor, row.getString(11), instant(row.getTimestamp(12))),
                row.getLong(13));
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
