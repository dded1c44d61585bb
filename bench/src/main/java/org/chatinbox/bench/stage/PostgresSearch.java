package org.chatinbox.bench.stage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a team would build instead of a search engine, on the same messages in the same PostgreSQL: a copy of the workspace's
 * messages in a scratch schema of conversation-service's database (the stack's role may not create databases), searched by
 * {@code ILIKE '%…%'} (what Chatwoot-style inboxes do), by {@code ILIKE} over a {@code pg_trgm} index, and by full text ranked
 * by {@code ts_rank}. Dropped at the end.
 */
final class PostgresSearch implements AutoCloseable {

    /** The three ways, each returning conversation ids, best or newest first. */
    enum Way {
        ILIKE("PostgreSQL ILIKE '%…%', newest first"), TRIGRAM("PostgreSQL ILIKE over a pg_trgm index, newest first"), TS_RANK(
                "PostgreSQL full text (english), ranked by ts_rank");

        final String label;

        Way(String label) {
            this.label = label;
        }
    }

    private final Connection db;

    PostgresSearch(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bench_search CASCADE");
            s.execute("CREATE SCHEMA bench_search");
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA bench_search");
        }
    }

    /** The scratch copy of a workspace's newest {@code limit} messages, with its bot; returns the seconds it took. */
    double copy(String workspace, long limit) throws SQLException {
        long start = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_search.message");
        }
        try (PreparedStatement copy = db.prepareStatement("""
                CREATE TABLE bench_search.message AS
                SELECT m.conversation_id, c.bot_id, m.text AS body, m.sent_at FROM (
                    SELECT conversation_id, text, sent_at FROM message WHERE workspace_id = ? ORDER BY sent_at DESC LIMIT ?) m
                JOIN conversation c ON c.workspace_id = ? AND c.id = m.conversation_id""")) {
            copy.setString(1, workspace);
            copy.setLong(2, limit);
            copy.setString(3, workspace);
            copy.execute();
        }
        try (Statement s = db.createStatement()) {
            // relevance is asked within one bot's conversations: found by an index, as the inbox's own filters are
            s.execute("CREATE INDEX message_bot ON bench_search.message (bot_id)");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    long rows() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM bench_search.message")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The stored tsvector and its GIN index; returns the seconds it took. */
    double indexFullText() throws SQLException {
        return timed(
                "ALTER TABLE bench_search.message ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED",
                "CREATE INDEX message_tsv ON bench_search.message USING gin (tsv)", "ANALYZE bench_search.message");
    }

    /** The trigram GIN index that {@code ILIKE '%…%'} can use; returns the seconds it took. */
    double indexTrigrams() throws SQLException {
        return timed("CREATE INDEX message_trgm ON bench_search.message USING gin (body bench_search.gin_trgm_ops)",
                "ANALYZE bench_search.message");
    }

    /** The size of the table and of each index, in bytes. */
    long size(String relation) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT pg_total_relation_size(?::regclass)")) {
            q.setString(1, "bench_search." + relation);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The {@code limit} conversations that match {@code text} the given way, restricted to one bot when {@code bot} is set. */
    List<String> find(Way way, String text, String bot, int limit) throws SQLException {
        String botFilter = bot == null ? "" : " AND bot_id = ?";
        String sql = switch (way) {
            case ILIKE, TRIGRAM -> "SELECT conversation_id FROM bench_search.message WHERE body ILIKE ?" + botFilter
                    + " GROUP BY conversation_id ORDER BY max(sent_at) DESC LIMIT ?";
            case TS_RANK -> "SELECT conversation_id FROM bench_search.message, plainto_tsquery('english', ?) q WHERE tsv @@ q"
                    + botFilter + " GROUP BY conversation_id ORDER BY max(ts_rank(tsv, q)) DESC LIMIT ?";
        };
        try (PreparedStatement q = db.prepareStatement(sql)) {
            int i = 1;
            q.setString(i++, way == Way.TS_RANK
                    ? text
                    : "%" + text.replace("\\", "\\\\").replace("%", "\\%")
                            .replace("_", "\\_") + "%");
            if (bot != null) {
                q.setString(i++, bot);
            }
            q.setInt(i, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        }
    }

    /** The conversations of one bot holding the messages most like {@code text} by trigram similarity (typos included). */
    List<String> mostSimilar(String text, String bot, int limit) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("""
                SELECT conversation_id FROM bench_search.message WHERE bot_id = ? AND bench_search.similarity(body, ?) > 0.2
                GROUP BY conversation_id ORDER BY max(bench_search.similarity(body, ?)) DESC LIMIT ?""")) {
            q.setString(1, bot);
            q.setString(2, text);
            q.setString(3, text);
            q.setInt(4, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        }
    }

    private double timed(String... statements) throws SQLException {
        long start = System.nanoTime();
        try (Statement s = db.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bench_search CASCADE");
        }
    }
}
