package org.chatinbox.summary.repository;

import static org.chatinbox.summary.repository.Columns.instant;
import static org.chatinbox.summary.repository.Columns.timestamp;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.service.repository.ArrayColumns;
import org.chatinbox.summary.model.InsightGroup;
import org.chatinbox.summary.model.InsightWindow;
import org.chatinbox.summary.model.NewQuestion;
import org.chatinbox.summary.model.PendingQuestion;
import org.chatinbox.summary.model.Placement;
import org.chatinbox.summary.model.QuestionKind;

/**
 * {@code question} and {@code question_day}: the visitor questions of each insight, waiting for a group or placed in one, and
 * each group's count per bot and day.
 */
@ApplicationScoped
public class QuestionRepository {

    /** The conversations listed with a group: its latest ones, as the review queue's way in. */
    public static final int CONVERSATIONS_PER_GROUP = 10;

    private static final ArrayColumns<NewQuestion> QUESTIONS = new ArrayColumns<NewQuestion>()
            .add("workspace_id", "varchar", NewQuestion::workspaceId)
            .add("kind", "varchar", q -> q.kind().column())
            .add("conversation_id", "varchar", NewQuestion::conversationId)
            .add("message_id", "varchar", NewQuestion::messageId)
            .add("bot_id", "varchar", NewQuestion::botId)
            .add("text", "text", NewQuestion::text)
            .add("asked_at", "timestamptz", q -> timestamp(q.askedAt()));

    private static final ArrayColumns<Placement> PLACEMENTS = new ArrayColumns<Placement>()
            .add("id", "bigint", p -> p.question().id())
            .add("group_id", "bigint", Placement::groupId);

    /** A group's questions of one bot and day, to add to its total. */
    private record DayCount(String workspaceId, String kind, long groupId, String botId, java.time.LocalDate day, int count,
            Instant lastAt) {
    }

    private static final ArrayColumns<DayCount> DAYS = new ArrayColumns<DayCount>()
            .add("workspace_id", "varchar", DayCount::workspaceId)
            .add("kind", "varchar", DayCount::kind)
            .add("group_id", "bigint", DayCount::groupId)
            .add("bot_id", "varchar", DayCount::botId)
            .add("day", "date", d -> Columns.date(d.day()))
            .add("questions", "integer", DayCount::count)
            .add("last_at", "timestamptz", d -> timestamp(d.lastAt()));

    private final DataSource dataSource;

    public QuestionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds the questions not added before (a message is one question of each kind at most). */
    public void add(List<NewQuestion> questions) throws SQLException {
        if (questions.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO question (" + QUESTIONS.names()
                        + ") SELECT * FROM " + QUESTIONS.unnest() + " ON CONFLICT DO NOTHING")) {
            QUESTIONS.bind(connection, insert, 1, questions);
            insert.executeUpdate();
        }
    }

    /** Claims up to {@code limit} questions waiting for a group, oldest first; others' claims are skipped. */
    public List<PendingQuestion> claimPending(int limit) throws SQLException {
        List<PendingQuestion> pending = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT id, workspace_id, kind, bot_id, text, asked_at FROM question WHERE group_id IS NULL
                        ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.add(new PendingQuestion(rows.getLong(1), rows.getString(2),
                            "gap".equals(rows.getString(3)) ? QuestionKind.GAP : QuestionKind.QUESTION, rows.getString(4),
                            rows.getString(5), instant(rows.getTimestamp(6))));
                }
            }
        }
        return pending;
    }

    /** Records each question's group and adds it to its group's day. */
    public void place(List<Placement> placements) throws SQLException {
        if (placements.isEmpty()) {
            return;
        }
        Map<String, DayCount> days = new TreeMap<>();
        for (Placement placement : placements) {
            PendingQuestion q = placement.question();
            DayCount one = new DayCount(q.workspaceId(), q.kind().column(), placement.groupId(), q.botId(),
                    q.askedAt().atOffset(java.time.ZoneOffset.UTC).toLocalDate(), 1, q.askedAt());
            days.merge(String.join("/", one.workspaceId(), one.kind(), one.day().toString(),
                    Long.toString(one.groupId()), one.botId()), one,
                    (a, b) -> new DayCount(a.workspaceId(), a.kind(), a.groupId(), a.botId(), a.day(), a.count() + 1,
                            a.lastAt().isAfter(b.lastAt()) ? a.lastAt() : b.lastAt()));
        }
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE question q SET group_id = p.group_id FROM "
                    + PLACEMENTS.unnest() + " AS p(" + PLACEMENTS.names() + ") WHERE q.id = p.id")) {
                PLACEMENTS.bind(connection, update, 1, placements);
                update.executeUpdate();
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO question_day AS d (" + DAYS.names()
                    + ") SELECT * FROM " + DAYS.unnest()
                    + """
                            ON CONFLICT (workspace_id, kind, day, group_id, bot_id) DO UPDATE SET
                               questions = d.questions + excluded.questions, last_at = greatest(d.last_at, excluded.last_at)""")) {
                DAYS.bind(connection, upsert, 1, List.copyOf(days.values()));
                upsert.executeUpdate();
            }
        }
    }

    /**
     * The groups of the window, most questions first, after the position {@code (afterCount, afterGroup)} when given. Whole
     * days are added up from {@code question_day}; only the questions of a partial first or last day are counted one by one.
     */
    public List<Ranked> groups(String workspace, QuestionKind kind, InsightWindow window, Integer afterCount,
            Long afterGroup, int limit) throws SQLException {
        Instant from = window.from();
        Instant to = window.to();
        Instant wholeFrom = InsightWindow.midnight(window.firstWholeDay());
        Instant wholeTo = InsightWindow.midnight(window.endOfWholeDays());
        boolean whole = window.hasWholeDays();
        List<Ranked> groups = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        WITH counted AS (
                            SELECT group_id, sum(questions)::integer AS n, max(last_at) AS last_at FROM (
                                SELECT group_id, questions, last_at FROM question_day
                                WHERE ? AND workspace_id = ? AND kind = ? AND day >= ? AND day < ?
                                    AND (?::varchar IS NULL OR bot_id = ?)
                                UNION ALL
                                SELECT group_id, 1, asked_at FROM question
                                WHERE workspace_id = ? AND kind = ? AND group_id IS NOT NULL
                                    AND (?::varchar IS NULL OR bot_id = ?)
                                    AND ((asked_at >= ? AND asked_at < ?) OR (asked_at >= ? AND asked_at < ?))
                            ) parts GROUP BY group_id),
                        -- the page first: the conversations are looked up for its groups only
                        page AS (
                            SELECT group_id, n, last_at FROM counted
                            WHERE (?::integer IS NULL OR n < ? OR (n = ? AND group_id > ?))
                            ORDER BY n DESC, group_id LIMIT ?)
                        SELECT g.id, g.question, p.n, p.last_at, recent.ids
                        FROM page p JOIN question_group g ON g.id = p.group_id
                        CROSS JOIN LATERAL (
                            SELECT array_agg(conversation_id ORDER BY last DESC) AS ids FROM (
                                SELECT conversation_id, max(asked_at) AS last FROM (
                                    SELECT conversation_id, asked_at FROM question q
                                    WHERE q.group_id = g.id AND q.asked_at >= ? AND q.asked_at < ?
                                        AND (?::varchar IS NULL OR q.bot_id = ?)
                                    ORDER BY q.asked_at DESC LIMIT 50) latest
                                GROUP BY conversation_id ORDER BY last DESC LIMIT ?) conversations) recent
                        ORDER BY p.n DESC, g.id""")) {
            int i = 1;
            select.setBoolean(i++, whole);
            select.setString(i++, workspace);
            select.setString(i++, kind.column());
            select.setDate(i++, Columns.date(window.firstWholeDay()));
            select.setDate(i++, Columns.date(window.endOfWholeDays()));
            select.setString(i++, window.botId());
            select.setString(i++, window.botId());
            select.setString(i++, workspace);
            select.setString(i++, kind.column());
            select.setString(i++, window.botId());
            select.setString(i++, window.botId());
            // the partial first and last days, as two ranges of the time index (empty ones when the window has no whole day:
            // then the first range is the whole window)
            select.setTimestamp(i++, timestamp(from));
            select.setTimestamp(i++, timestamp(whole ? wholeFrom : to));
            select.setTimestamp(i++, timestamp(whole ? wholeTo : to));
            select.setTimestamp(i++, timestamp(to));
            for (int repeat = 0; repeat < 3; repeat++) {
                if (afterCount == null) {
                    select.setNull(i++, java.sql.Types.INTEGER);
                } else {
                    select.setInt(i++, afterCount);
                }
            }
            select.setLong(i++, afterGroup == null ? 0 : afterGroup);
            select.setInt(i++, limit);
            select.setTimestamp(i++, timestamp(from));
            select.setTimestamp(i++, timestamp(to));
            select.setString(i++, window.botId());
            select.setString(i++, window.botId());
            select.setInt(i, CONVERSATIONS_PER_GROUP);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Array ids = rows.getArray(5);
                    Timestamp lastAt = rows.getTimestamp(4);
                    groups.add(new Ranked(rows.getLong(1), new InsightGroup(rows.getString(2), rows.getInt(3),
                            ids == null ? List.of() : Arrays.asList((String[]) ids.getArray()), instant(lastAt))));
                }
            }
        }
        groups.sort(Comparator.comparingInt((Ranked r) -> -r.group().count()).thenComparingLong(Ranked::groupId));
        return groups;
    }

    /** A group of a list, with its id (the cursor's tie-break). */
    public record Ranked(long groupId, InsightGroup group) {
    }
}
