package org.chatinbox.conversation.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Session;
import org.chatinbox.events.data.SummaryUpdated;

import com.fasterxml.jackson.core.JsonProcessingException;

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

    /** Each session column takes the batch's value only when its session is the newest, and keeps its own otherwise. */
    private static final String NEWEST_SESSION_WINS = java.util.stream.Stream
            .of("session_at", "session_ip", "session_user_agent", "session_city", "session_country", "session_locale",
                    "session_page_url", "session_device", "session_browser", "session_os")
            .map(column -> column
                    + " = CASE WHEN c.session_at IS NULL OR excluded.session_at >= c.session_at THEN coalesce(excluded."
                    + column + ", c." + column + ") ELSE c." + column + " END")
            .collect(java.util.stream.Collectors.joining(",\n"));

    private final DataSource dataSource;
    private final EventCodec codec;

    public ReadModelWriter(DataSource dataSource, EventCodec codec) {
        this.dataSource = dataSource;
        this.codec = codec;
    }

    /**
     * Applies the events; returns how many were new (not seen before). Messages whose ids are in {@code replayed} are history
     * being rebuilt: the reopenings they caused are on {@code inbox.conversations} already, so they reopen nothing.
     */
    // checked SQLExceptions must roll back too, not only runtime ones
    @Transactional(rollbackOn = Exception.class)
    public int apply(List<CloudEvent<?>> events, Set<String> replayed) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<CloudEvent<?>> fresh = claim(connection, events);
            List<CloudEvent<MessageCreated>> messages = new ArrayList<>();
            for (CloudEvent<?> event : fresh) {
                if (event.data() instanceof MessageCreated) {
                    @SuppressWarnings("unchecked")
                    CloudEvent<MessageCreated> message = (CloudEvent<MessageCreated>) event;
                    messages.add(message);
                }
            }
            List<CloudEvent<MessageCreated>> stored = insertMessages(connection, messages);
            OwnedStateWriter.takeStateOfNewConversations(connection, upsertConversations(connection, stored));
            FeedbackWriter.applyWaiting(connection, conversationsOf(stored));
            reopenWhereVisitorsWrote(connection, stored.stream().filter(e -> !replayed.contains(e.id())).toList());
            for (CloudEvent<?> event : fresh) {
                if (event.data() instanceof FeedbackRecorded feedback) {
                    FeedbackWriter.record(connection, event, feedback);
                } else if (event.data() instanceof HandoffRequested request) {
                    OwnedStateWriter.humanRequested(connection, event, request);
                } else if (event.data() instanceof HandoffChanged handoff) {
                    OwnedStateWriter.handoff(connection, event, handoff);
                } else if (event.data() instanceof AssignmentChanged assignment) {
                    OwnedStateWriter.assignment(connection, event, assignment);
                } else if (event.data() instanceof SummaryUpdated summary) {
                    OwnedStateWriter.summary(connection, event, summary);
                } else if (event.data() instanceof ConversationUpdated update) {
                    StatusService.apply(connection, event, update);
                }
            }
            return fresh.size() - messages.size() + stored.size();
        }
    }

    /**
     * Marks the events processed and keeps those that were not: the duplicate check and the write commit together. A message
     * needs no mark: its row is its own (a duplicate event carries the same message id, which the message's primary key
     * refuses), and not marking it saves the busiest index of all, one random key per message.
     */
    private static List<CloudEvent<?>> claim(Connection connection, List<CloudEvent<?>> events) throws SQLException {
        Map<String, CloudEvent<?>> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.id(), e));
        Object[] marked = byId.values().stream().filter(e -> !(e.data() instanceof MessageCreated)).map(CloudEvent::id)
                .toArray();
        Set<String> claimed = new HashSet<>();
        if (marked.length > 0) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (event_id) SELECT unnest(?::varchar[])
                    ON CONFLICT DO NOTHING RETURNING event_id""")) {
                insert.setArray(1, connection.createArrayOf("varchar", marked));
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(rows.getString(1));
                    }
                }
            }
        }
        return byId.values().stream().filter(e -> e.data() instanceof MessageCreated || claimed.contains(e.id())).toList();
    }

    /** Inserts the messages not stored yet (a channel's retry with a new event id is still the same message). */
    private static List<CloudEvent<MessageCreated>> insertMessages(Connection connection,
            List<CloudEvent<MessageCreated>> messages) throws SQLException {
        if (messages.isEmpty()) {
            return List.of();
        }
        int n = messages.size();
        Object[][] columns = new Object[12][n];
        for (int i = 0; i < n; i++) {
            CloudEvent<MessageCreated> event = messages.get(i);
            MessageCreated m = event.data();
            columns[0][i] = m.workspaceId();
            columns[1][i] = m.conversationId();
            columns[2][i] = m.messageId();
            columns[3][i] = event.id();
            columns[4][i] = m.sender().role().wireName();
            columns[5][i] = m.sender().id();
            columns[6][i] = m.sender().name();
            columns[7][i] = m.text();
            columns[8][i] = timestamp(event.time());
            columns[9][i] = m.bot() == null ? null : m.bot().fallback();
            columns[10][i] = m.bot() == null ? null : m.bot().intent();
            columns[11][i] = m.attachments() == null || m.attachments().isEmpty() ? null : json(m.attachments());
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO message (workspace_id, conversation_id, id, event_id, role, sender_id, sender_name, text, sent_at,
                                     bot_fallback, bot_intent, attachments)
                SELECT w, c, m, e, r, si, sn, t, s, bf, bi, a::jsonb
                FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                            ?::text[], ?::timestamptz[], ?::boolean[], ?::varchar[], ?::text[])
                     AS u(w, c, m, e, r, si, sn, t, s, bf, bi, a)
                ON CONFLICT DO NOTHING
                RETURNING workspace_id, conversation_id, id""")) {
            String[] types = {"varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "text",
                    "timestamptz", "boolean", "varchar", "text"};
            for (int c = 0; c < types.length; c++) {
                insert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getString(1) + '\u0000' + rows.getString(2) + '\u0000' + rows.getString(3));
                }
            }
        }
        // the same message twice in one batch: the first one in the batch is the stored one
        Set<String> taken = new HashSet<>();
        return messages.stream().filter(e -> {
            String key = e.data().workspaceId() + '\u0000' + e.data().conversationId() + '\u0000' + e.data().messageId();
            return inserted.contains(key) && taken.add(key);
        }).toList();
    }

    /**
     * One row per conversation: created by its first message, then moved along by each newer one. Returns the keys (workspace,
     * id) of the conversations this batch created, in key order.
     */
    private static List<String[]> upsertConversations(Connection connection, List<CloudEvent<MessageCreated>> stored)
            throws SQLException {
        if (stored.isEmpty()) {
            return List.of();
        }
        // in key order: concurrent batches lock the rows they share in the same order, so they wait instead of deadlocking
        Map<String, List<CloudEvent<MessageCreated>>> byConversation = new java.util.TreeMap<>();
        for (CloudEvent<MessageCreated> event : stored) {
            byConversation.computeIfAbsent(event.data().workspaceId() + '\u0000' + event.data().conversationId(),
                    k -> new ArrayList<>()).add(event);
        }
        int n = byConversation.size();
        Object[][] columns = new Object[22][n];
        int i = 0;
        Comparator<CloudEvent<MessageCreated>> byTime = Comparator.comparing((CloudEvent<MessageCreated> e) -> e.time())
                .thenComparing(e -> e.data().messageId());
        for (List<CloudEvent<MessageCreated>> group : byConversation.values()) {
            CloudEvent<MessageCreated> first = group.stream().min(byTime).orElseThrow();
            CloudEvent<MessageCreated> last = group.stream().max(byTime).orElseThrow();
            CloudEvent<MessageCreated> visitor = group.stream().filter(e -> e.data().sender().role() == Role.VISITOR)
                    .min(byTime).orElse(null);
            CloudEvent<MessageCreated> withSession = group.stream().filter(e -> e.data().session() != null).max(byTime)
                    .orElse(null);
            Session session = withSession == null ? null : withSession.data().session();
            boolean visitorWrote = visitor != null;
            columns[0][i] = first.data().workspaceId();
            columns[1][i] = first.data().conversationId();
            columns[2][i] = first.data().botId();
            columns[3][i] = first.data().channel();
            columns[4][i] = visitorWrote ? visitor.data().sender().id() : null;
            columns[5][i] = visitorWrote ? visitor.data().sender().name() : null;
            columns[6][i] = group.size();
            columns[7][i] = timestamp(first.time());
            columns[8][i] = timestamp(last.time());
            columns[9][i] = last.data().messageId();
            columns[10][i] = last.data().sender().role().wireName();
            columns[11][i] = preview(last.data().text());
            columns[12][i] = withSession == null ? null : timestamp(withSession.time());
            columns[13][i] = session == null ? null : session.ip();
            columns[14][i] = session == null ? null : session.userAgent();
            columns[15][i] = session == null ? null : session.city();
            columns[16][i] = session == null ? null : session.country();
            columns[17][i] = session == null ? null : session.locale();
            columns[18][i] = session == null ? null : session.pageUrl();
            columns[19][i] = session == null ? null : session.device();
            columns[20][i] = session == null ? null : session.browser();
            columns[21][i] = session == null ? null : session.os();
            i++;
        }
        String[] types = {"varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "int4", "timestamptz",
                "timestamptz", "varchar", "varchar", "varchar", "timestamptz", "varchar", "varchar", "varchar", "varchar",
                "varchar", "varchar", "varchar", "varchar", "varchar"};
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO conversation AS c (workspace_id, id, bot_id, channel, visitor_id, visitor_name, message_count,
                    started_at, last_message_at, last_message_id, last_message_role, last_message_text, session_at, session_ip,
                    session_user_agent, session_city, session_country, session_locale, session_page_url, session_device,
                    session_browser, session_os)
                SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                    ?::int4[], ?::timestamptz[], ?::timestamptz[], ?::varchar[], ?::varchar[], ?::varchar[], ?::timestamptz[],
                    ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                    ?::varchar[], ?::varchar[])
                ON CONFLICT (workspace_id, id) DO UPDATE SET
                    message_count = c.message_count + excluded.message_count,
                    started_at = least(c.started_at, excluded.started_at),
                    visitor_id = coalesce(c.visitor_id, excluded.visitor_id),
                    visitor_name = coalesce(c.visitor_name, excluded.visitor_name),
                    last_message_at = greatest(c.last_message_at, excluded.last_message_at),
                    last_message_id = CASE WHEN (excluded.last_message_at, excluded.last_message_id)
                        > (c.last_message_at, c.last_message_id) THEN excluded.last_message_id ELSE c.last_message_id END,
                    last_message_role = CASE WHEN (excluded.last_message_at, excluded.last_message_id)
                        > (c.last_message_at, c.last_message_id) THEN excluded.last_message_role ELSE c.last_message_role END,
                    last_message_text = CASE WHEN (excluded.last_message_at, excluded.last_message_id)
                        > (c.last_message_at, c.last_message_id) THEN excluded.last_message_text ELSE c.last_message_text END,
                    """ + NEWEST_SESSION_WINS + " RETURNING c.workspace_id, c.id, c.xmax = 0")) {
            for (int c = 0; c < types.length; c++) {
                upsert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            // xmax is 0 on a row this statement inserted, and names the locking transaction on one it updated
            Map<String, String[]> created = new java.util.TreeMap<>();
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    if (rows.getBoolean(3)) {
                        created.put(rows.getString(1) + '\u0000' + rows.getString(2),
                                new String[]{rows.getString(1), rows.getString(2)});
                    }
                }
            }
            return List.copyOf(created.values());
        }
    }

    /** Visitor messages consumed live reopen snoozed or resolved conversations, announced like any status change. */
    private void reopenWhereVisitorsWrote(Connection connection, List<CloudEvent<MessageCreated>> stored)
            throws SQLException {
        StatusService.reopenWhereVisitorsWrote(connection, codec,
                conversationsOf(stored.stream().filter(e -> e.data().sender().role() == Role.VISITOR).toList()));
    }

    private static List<String[]> conversationsOf(List<CloudEvent<MessageCreated>> messages) {
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (CloudEvent<MessageCreated> event : messages) {
            keys.putIfAbsent(event.data().workspaceId() + '\u0000' + event.data().conversationId(),
                    new String[]{event.data().workspaceId(), event.data().conversationId()});
        }
        return List.copyOf(keys.values());
    }

    /** PostgreSQL keeps microseconds: truncating here keeps keyset cursors exact. */
    static Timestamp timestamp(Instant time) {
        return Timestamp.from(time.truncatedTo(ChronoUnit.MICROS));
    }

    private static String preview(String text) {
        return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH - 1) + "\u2026";
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
