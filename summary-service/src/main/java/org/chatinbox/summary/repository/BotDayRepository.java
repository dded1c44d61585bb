package org.chatinbox.summary.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.service.repository.ArrayColumns;
import org.chatinbox.summary.model.BotDay;
import org.chatinbox.summary.model.BotDayCounts;

/** {@code bot_day}: each bot's figures per UTC day, added to as events arrive and read back a window of days at a time. */
@ApplicationScoped
public class BotDayRepository {

    private static final ArrayColumns<BotDayCounts> COUNTS = new ArrayColumns<BotDayCounts>()
            .add("workspace_id", "varchar", BotDayCounts::workspaceId)
            .add("bot_id", "varchar", BotDayCounts::botId)
            .add("day", "date", c -> Columns.date(c.day()))
            .add("conversations", "integer", BotDayCounts::conversations)
            .add("handoffs", "integer", BotDayCounts::handoffs)
            .add("with_human", "integer", BotDayCounts::withHuman)
            .add("bot_messages", "integer", BotDayCounts::botMessages)
            .add("fallbacks", "integer", BotDayCounts::fallbacks)
            .add("helpful", "integer", BotDayCounts::helpful)
            .add("unhelpful", "integer", BotDayCounts::unhelpful);

    private final DataSource dataSource;

    public BotDayRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds the counts, one row per bot and day (sorted by the caller: rows are locked in that order). */
    public void add(Collection<BotDayCounts> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("INSERT INTO bot_day AS d (" + COUNTS.names()
                        + ") SELECT * FROM " + COUNTS.unnest()
                        + """
                                ON CONFLICT (workspace_id, day, bot_id) DO UPDATE SET
                                   conversations = d.conversations + excluded.conversations, handoffs = d.handoffs + excluded.handoffs,
                                   with_human = d.with_human + excluded.with_human,
                                   bot_messages = d.bot_messages + excluded.bot_messages, fallbacks = d.fallbacks + excluded.fallbacks,
                                   helpful = d.helpful + excluded.helpful, unhelpful = d.unhelpful + excluded.unhelpful""")) {
            COUNTS.bind(connection, upsert, 1, List.copyOf(counts));
            upsert.executeUpdate();
        }
    }

    /**
     * The workspace's bot days from {@code from} (inclusive) to {@code to} (exclusive), newest first then by bot, after the
     * position {@code (afterDay, afterBot)} when given; {@code limit} rows at most. The median wait for a human is taken over
     * the conversations a human took over that day, from the index of take-overs.
     */
    public List<BotDay> days(String workspace, String botId, LocalDate from, LocalDate to, LocalDate afterDay,
            String afterBot, int limit) throws SQLException {
        List<BotDay> days = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT d.bot_id, d.day, d.conversations, d.handoffs, d.with_human, d.bot_messages, d.fallbacks,
                            d.helpful, d.unhelpful, wait.median
                        FROM bot_day d LEFT JOIN LATERAL (
                            SELECT percentile_cont(0.5) WITHIN GROUP (
                                ORDER BY extract(epoch FROM c.human_at - c.human_requested_at)) AS median
                            FROM conversation c
                            WHERE c.workspace_id = d.workspace_id AND c.bot_id = d.bot_id
                                AND c.human_at >= d.day::timestamp AT TIME ZONE 'UTC'
                                AND c.human_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
                                AND c.human_requested_at <= c.human_at) wait ON true
                        WHERE d.workspace_id = ? AND d.day >= ? AND d.day < ? AND (?::varchar IS NULL OR d.bot_id = ?)
                            AND (?::date IS NULL OR d.day < ? OR (d.day = ? AND d.bot_id > ?))
                        ORDER BY d.day DESC, d.bot_id LIMIT ?""")) {
            select.setString(1, workspace);
            select.setDate(2, Columns.date(from));
            select.setDate(3, Columns.date(to));
            select.setString(4, botId);
            select.setString(5, botId);
            java.sql.Date after = afterDay == null ? null : Columns.date(afterDay);
            select.setDate(6, after);
            select.setDate(7, after);
            select.setDate(8, after);
            select.setString(9, afterBot);
            select.setInt(10, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int conversations = rows.getInt(3);
                    int botMessages = rows.getInt(6);
                    double median = rows.getDouble(10);
                    boolean noMedian = rows.wasNull();
                    days.add(new BotDay(rows.getString(1), rows.getDate(2).toLocalDate(), conversations,
                            share(conversations - rows.getInt(5), conversations), share(rows.getInt(7), botMessages),
                            share(rows.getInt(4), conversations), rows.getInt(8), rows.getInt(9),
                            noMedian ? null : Math.round(median * 10) / 10.0));
                }
            }
        }
        return days;
    }

    /** A share rounded to four places; null for a day with nothing to divide by. */
    private static Double share(int part, int whole) {
        return whole == 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
}
