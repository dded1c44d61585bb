package org.chatinbox.conversation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.conversation.model.ConversationDetail;
import org.chatinbox.conversation.model.ConversationFilter;
import org.chatinbox.conversation.model.ConversationView;
import org.chatinbox.conversation.model.Counts;
import org.chatinbox.conversation.model.Page;
import org.chatinbox.events.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The conversation list, its counters and one conversation, as the inbox reads them. Every query starts with the caller's
 * workspace and walks an index in keyset order; a page asks for one row more than it shows, to know whether there is a next
 * one.
 */
@ApplicationScoped
public class ConversationRepository {

    private static final String CONVERSATION_COLUMNS = """
            id, bot_id, channel, visitor_id, visitor_name, status, snoozed_until, mode, holder, assignee, needs_human, labels,
            message_count, started_at, last_message_at, last_message_id, last_message_role, last_message_text, session_city,
            session_country, session_device, session_browser, session_os, session_locale, session_page_url, session_ip,
            session_user_agent, feedback_helpful, feedback_unhelpful""";

    // the detail adds the summary and the hold times, kept beside the state handoff-service announces
    private static final String DETAIL_COLUMNS = """
            , summary, hold.waited, hold.held FROM conversation c LEFT JOIN LATERAL (
                SELECT s.waited_for_human_seconds AS waited,
                    extract(epoch FROM coalesce(s.held_until, now()) - s.held_since)::bigint AS held
                FROM conversation_state s WHERE s.workspace_id = c.workspace_id AND s.conversation_id = c.id) hold ON true
            WHERE c.workspace_id = ? AND c.id = ?""";

    private final DataSource dataSource;

    public ConversationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page<ConversationView> list(String workspace, ConversationFilter filter, int limit, Cursor after)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + CONVERSATION_COLUMNS + " FROM conversation WHERE workspace_id = ?");
        List<Object> params = new ArrayList<>(List.of(workspace));
        where(filter, sql, params);
        if (after != null) {
            sql.append(" AND (last_message_at, id) < (?, ?)");
            params.add(Timestamp.from(after.at()));
            params.add(after.id());
        }
        sql.append(" ORDER BY last_message_at DESC, id DESC LIMIT ?");
        params.add(limit + 1);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql.toString(), params);
                ResultSet rows = query.executeQuery()) {
            List<ConversationView> items = new ArrayList<>();
            while (rows.next()) {
                items.add(conversation(rows));
            }
            return Sql.page(items, limit, c -> new Cursor(c.lastMessageAt(), c.id()));
        }
    }

    public Optional<ConversationDetail> find(String workspace, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection,
                        "SELECT " + CONVERSATION_COLUMNS + DETAIL_COLUMNS, List.of(workspace, id));
                ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            String summary = rows.getString(30);
            return Optional.of(new ConversationDetail(conversation(rows), summary == null ? null : json(summary),
                    longOrNull(rows, 31), longOrNull(rows, 32)));
        }
    }

    /** Whether the workspace has this conversation: a primary-key probe. */
    public boolean exists(String workspace, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, "SELECT 1 FROM conversation WHERE workspace_id = ? AND id = ?",
                        List.of(workspace, id));
                ResultSet rows = query.executeQuery()) {
            return rows.next();
        }
    }

    /** The counters of the inbox tabs for the same filters as the list. */
    public Counts counts(String workspace, ConversationFilter filter, String agent) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT count(*), count(*) FILTER (WHERE assignee = ?), count(*) FILTER (WHERE assignee IS NULL),
                       count(*) FILTER (WHERE needs_human), count(*) FILTER (WHERE mode = 'HUMAN')
                FROM conversation WHERE workspace_id = ?""");
        List<Object> params = new ArrayList<>(Arrays.asList(agent, workspace));
        where(filter, sql, params);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql.toString(), params);
                ResultSet row = query.executeQuery()) {
            row.next();
            return new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), true);
        }
    }

    private static void where(ConversationFilter filter, StringBuilder sql, List<Object> params) {
        equal("bot_id", filter.botId(), sql, params);
        equal("channel", filter.channel(), sql, params);
        equal("mode", filter.mode(), sql, params);
        equal("status", filter.status(), sql, params);
        if (ConversationFilter.UNASSIGNED.equals(filter.assignee())) {
            sql.append(" AND assignee IS NULL");
        } else {
            equal("assignee", filter.assignee(), sql, params);
        }
        if (filter.needsHuman() != null) {
            sql.append(filter.needsHuman() ? " AND needs_human" : " AND NOT needs_human");
        }
        if (filter.botFailed() != null) {
            sql.append(filter.botFailed() ? " AND bot_failed" : " AND NOT bot_failed");
        }
        if (filter.labels() != null && !filter.labels().isEmpty()) {
            // the first clause matches the predicate of the partial label index, so the planner may use it
            sql.append(" AND labels <> '{}' AND labels && ?");
            params.add(filter.labels().toArray(String[]::new));
        }
        if (filter.ids() != null) {
            sql.append(" AND id = ANY(?)");
            params.add(filter.ids().toArray(String[]::new));
        }
        if (filter.since() != null) {
            sql.append(" AND last_message_at >= ?");
            params.add(Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND last_message_at < ?");
            params.add(Timestamp.from(filter.until()));
        }
    }

    private static void equal(String column, String value, StringBuilder sql, List<Object> params) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            if (param instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("text", array));
            } else {
                statement.setObject(i + 1, param);
            }
        }
        return statement;
    }

    private static ConversationView conversation(ResultSet r) throws SQLException {
        String visitorId = r.getString(4);
        String visitorName = r.getString(5);
        return new ConversationView(r.getString(1), r.getString(2), r.getString(3),
                visitorId == null && visitorName == null ? null : new ConversationView.Visitor(visitorId, visitorName),
                r.getString(6), Sql.instant(r.getTimestamp(7)), r.getString(8), r.getString(9), r.getString(10),
                r.getBoolean(11),
                Sql.strings(r.getArray(12)), r.getInt(13),
                Sql.instant(r.getTimestamp(14)), Sql.instant(r.getTimestamp(15)),
                new ConversationView.LastMessage(r.getString(16), r.getString(17), r.getString(18),
                        Sql.instant(r.getTimestamp(15))),
                new ConversationView.SessionView(r.getString(19), r.getString(20), r.getString(21), r.getString(22),
                        r.getString(23), r.getString(24), r.getString(25), r.getString(26), r.getString(27)),
                new ConversationView.Feedback(r.getInt(28), r.getInt(29)));
    }

    private static JsonNode json(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long longOrNull(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }
}
