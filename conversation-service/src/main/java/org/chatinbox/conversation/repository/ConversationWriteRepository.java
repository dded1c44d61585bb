package org.chatinbox.conversation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.conversation.model.ConversationActivity;
import org.chatinbox.conversation.model.ConversationStatus;
import org.chatinbox.events.data.Session;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.service.repository.ArrayColumns;

/**
 * The conversation rows as messages move them along, and the row locks that order concurrent writers of one conversation. The
 * columns other services own are copied here by {@link ConversationStateRepository}.
 */
@ApplicationScoped
public class ConversationWriteRepository {

    private static final ArrayColumns<ConversationActivity> COLUMNS = new ArrayColumns<ConversationActivity>()
            .add("workspace_id", "varchar", a -> a.key().workspaceId())
            .add("id", "varchar", a -> a.key().conversationId())
            .add("bot_id", "varchar", ConversationActivity::botId)
            .add("channel", "varchar", ConversationActivity::channel)
            .add("visitor_id", "varchar", ConversationActivity::visitorId)
            .add("visitor_name", "varchar", ConversationActivity::visitorName)
            .add("message_count", "int4", ConversationActivity::messageCount)
            .add("started_at", "timestamptz", a -> Sql.timestamp(a.firstAt()))
            .add("last_message_at", "timestamptz", a -> Sql.timestamp(a.lastAt()))
            .add("last_message_id", "varchar", ConversationActivity::lastMessageId)
            .add("last_message_role", "varchar", ConversationActivity::lastMessageRole)
            .add("last_message_text", "varchar", ConversationActivity::lastMessagePreview)
            .add("session_at", "timestamptz", a -> Sql.timestamp(a.sessionAt()))
            .add("session_ip", "varchar", a -> session(a, Session::ip))
            .add("session_user_agent", "varchar", a -> session(a, Session::userAgent))
            .add("session_city", "varchar", a -> session(a, Session::city))
            .add("session_country", "varchar", a -> session(a, Session::country))
            .add("session_locale", "varchar", a -> session(a, Session::locale))
            .add("session_page_url", "varchar", a -> session(a, Session::pageUrl))
            .add("session_device", "varchar", a -> session(a, Session::device))
            .add("session_browser", "varchar", a -> session(a, Session::browser))
            .add("session_os", "varchar", a -> session(a, Session::os))
            .add("bot_failed", "boolean", ConversationActivity::botFailed);

    /** Each session column takes the batch's value only when its session is the newest, and keeps its own otherwise. */
    private static final String NEWEST_SESSION_WINS = Stream
            .of("session_at", "session_ip", "session_user_agent", "session_city", "session_country", "session_locale",
                    "session_page_url", "session_device", "session_browser", "session_os")
            .map(column -> column
                    + " = CASE WHEN c.session_at IS NULL OR excluded.session_at >= c.session_at THEN coalesce(excluded."
                    + column + ", c." + column + ") ELSE c." + column + " END")
            .collect(Collectors.joining(",\n"));

    /** The last message's columns take the batch's values when its last message is newer, by time and then by id. */
    private static final String NEWEST_MESSAGE_WINS = Stream.of("last_message_id", "last_message_role", "last_message_text")
            .map(column -> column + " = CASE WHEN (excluded.last_message_at, excluded.last_message_id)"
                    + " > (c.last_message_at, c.last_message_id) THEN excluded." + column + " ELSE c." + column + " END")
            .collect(Collectors.joining(",\n"));

    private static final String UPSERT = "INSERT INTO conversation AS c (" + COLUMNS.names() + ") SELECT * FROM "
            + COLUMNS.unnest() + """
                     ON CONFLICT (workspace_id, id) DO UPDATE SET
                        message_count = c.message_count + excluded.message_count,
                        started_at = least(c.started_at, excluded.started_at),
                        visitor_id = coalesce(c.visitor_id, excluded.visitor_id),
                        visitor_name = coalesce(c.visitor_name, excluded.visitor_name),
                        last_message_at = greatest(c.last_message_at, excluded.last_message_at),
                        bot_failed = c.bot_failed OR excluded.bot_failed,
                    """
            + NEWEST_MESSAGE_WINS + ",\n" + NEWEST_SESSION_WINS + " RETURNING c.workspace_id, c.id, c.xmax = 0";

    private final DataSource dataSource;

    public ConversationWriteRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates each conversation, or moves it along; the activities must come in key order (rows are locked in it). Returns the
     * keys of the conversations this statement created, in key order.
     */
    public List<ConversationKey> upsert(List<ConversationActivity> activities) throws SQLException {
        if (activities.isEmpty()) {
            return List.of();
        }
        TreeSet<ConversationKey> created = new TreeSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            COLUMNS.bind(connection, upsert, 1, activities);
            // xmax is 0 on a row this statement inserted, and names the locking transaction on one it updated
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    if (rows.getBoolean(3)) {
                        created.add(new ConversationKey(rows.getString(1), rows.getString(2)));
                    }
                }
            }
        }
        return List.copyOf(created);
    }

    /** Locks the conversation's row if it exists, so that this transaction waits for one writing it. */
    public void lock(ConversationKey conversation) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection
                        .prepareStatement("SELECT 1 FROM conversation WHERE workspace_id = ? AND id = ? FOR UPDATE")) {
            lock.setString(1, conversation.workspaceId());
            lock.setString(2, conversation.conversationId());
            lock.executeQuery().close();
        }
    }

    /** Locks the conversation's row and reads its status and labels; empty when the workspace has no such conversation. */
    public Optional<ConversationStatus> lockStatus(ConversationKey conversation) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT status, snoozed_until, labels FROM conversation WHERE workspace_id = ? AND id = ? FOR UPDATE")) {
            select.setString(1, conversation.workspaceId());
            select.setString(2, conversation.conversationId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(Sql.conversationStatus(row));
            }
        }
    }

    /** Locks those of the conversations that are snoozed or resolved and returns their labels. */
    public Map<ConversationKey, List<String>> lockNotOpen(List<ConversationKey> conversations) throws SQLException {
        Map<ConversationKey, List<String>> notOpen = new java.util.TreeMap<>();
        if (conversations.isEmpty()) {
            return notOpen;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT c.workspace_id, c.id, c.labels"
                        + " FROM conversation c JOIN " + Sql.KEYS.unnest()
                        + " AS k(w, i) ON c.workspace_id = k.w AND c.id = k.i WHERE c.status <> 'open' FOR UPDATE OF c")) {
            Sql.KEYS.bind(connection, select, 1, conversations);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    notOpen.put(new ConversationKey(rows.getString(1), rows.getString(2)), Sql.strings(rows.getArray(3)));
                }
            }
        }
        return notOpen;
    }

    private static String session(ConversationActivity activity, java.util.function.Function<Session, String> field) {
        return activity.session() == null ? null : field.apply(activity.session());
    }
}
