package org.chatinbox.summary.repository;

import static org.chatinbox.summary.repository.Columns.instant;
import static org.chatinbox.summary.repository.Columns.timestamp;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.summary.model.QuestionGroup;
import org.chatinbox.summary.model.QuestionKind;

/** {@code question_group}: groups of questions that mean the same, each with the mean of its members' embeddings. */
@ApplicationScoped
public class GroupRepository {

    private final DataSource dataSource;

    public GroupRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Serialises the placing of one workspace's questions of one kind across replicas, until the transaction ends: two replicas
     * would otherwise each open a group for the same new question.
     */
    public void lock(String workspace, QuestionKind kind) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "question_group/" + kind.column() + "/" + workspace);
            lock.execute();
        }
    }

    /** The groups changed after {@code change} (all when 0), most recently seen first, at most {@code limit}. */
    public Changed changedSince(String workspace, QuestionKind kind, long change, int limit) throws SQLException {
        List<QuestionGroup> groups = new ArrayList<>();
        long latest = change;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT id, centroid, members, question, question_score, last_seen_at, change FROM question_group
                        WHERE workspace_id = ? AND kind = ? AND change > ? ORDER BY last_seen_at DESC LIMIT ?""")) {
            select.setString(1, workspace);
            select.setString(2, kind.column());
            select.setLong(3, change);
            select.setInt(4, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Float[] boxed = (Float[]) rows.getArray(2).getArray();
                    float[] centroid = new float[boxed.length];
                    for (int d = 0; d < boxed.length; d++) {
                        centroid[d] = boxed[d];
                    }
                    groups.add(new QuestionGroup(rows.getLong(1), centroid, rows.getInt(3), rows.getString(4),
                            rows.getDouble(5), instant(rows.getTimestamp(6))));
                    latest = Math.max(latest, rows.getLong(7));
                }
            }
        }
        return new Changed(groups, latest);
    }

    /** Groups changed since a point, and the latest change among them (the point to ask from next). */
    public record Changed(List<QuestionGroup> groups, long latestChange) {
    }

    /** Opens a group with its first question; returns its id. */
    public long create(String workspace, QuestionKind kind, QuestionGroup group) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        """
                                INSERT INTO question_group (workspace_id, kind, centroid, members, question, question_score, last_seen_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            insert.setString(1, workspace);
            insert.setString(2, kind.column());
            insert.setArray(3, vector(connection, group.centroid()));
            insert.setInt(4, group.members());
            insert.setString(5, group.question());
            insert.setDouble(6, group.questionScore());
            insert.setTimestamp(7, timestamp(group.lastSeenAt()));
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Writes the groups' new mean, size, representative and last question time. */
    public void update(List<QuestionGroup> groups) throws SQLException {
        if (groups.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE question_group SET centroid = ?, members = ?, question = ?, question_score = ?,
                            last_seen_at = greatest(last_seen_at, ?), change = nextval('question_group_change')
                        WHERE id = ?""")) {
            for (QuestionGroup group : groups) {
                update.setArray(1, vector(connection, group.centroid()));
                update.setInt(2, group.members());
                update.setString(3, group.question());
                update.setDouble(4, group.questionScore());
                update.setTimestamp(5, timestamp(group.lastSeenAt()));
                update.setLong(6, group.id());
                // one statement each (at most a batch of questions): a JDBC batch on a connection that hangs fails in the
                // driver rather than as the outage it is
                update.executeUpdate();
            }
        }
    }

    private static Array vector(Connection connection, float[] values) throws SQLException {
        Float[] boxed = new Float[values.length];
        for (int d = 0; d < values.length; d++) {
            boxed[d] = values[d];
        }
        return connection.createArrayOf("float4", boxed);
    }
}
