package org.chatinbox.ingest.repository;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.ingest.model.Webhook;
import org.chatinbox.ingest.model.WebhookAttempt;
import org.chatinbox.ingest.model.WebhookTarget;

/** A workspace's webhooks and the calls made to each. */
@ApplicationScoped
public class WebhookRepository {

    private static final String COLUMNS = "id, url, events, enabled, disabled_reason, failing_since, created_at, created_by";

    private final DataSource dataSource;

    public WebhookRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(String workspaceId, Webhook webhook, byte[] sealedSecret) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO webhook (id, workspace_id, url, events, secret, created_at, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, webhook.id());
            insert.setString(2, workspaceId);
            insert.setString(3, webhook.url());
            insert.setArray(4, connection.createArrayOf("varchar", webhook.events().toArray()));
            insert.setBytes(5, sealedSecret);
            insert.setTimestamp(6, Timestamp.from(webhook.createdAt()));
            insert.setString(7, webhook.createdBy());
            insert.executeUpdate();
        }
    }

    /** The workspace's webhooks, oldest first (a workspace has a few: see {@code max-per-workspace}). */
    public List<Webhook> list(String workspaceId) throws SQLException {
        List<Webhook> webhooks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM webhook WHERE workspace_id = ? ORDER BY created_at, id")) {
            select.setString(1, workspaceId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    webhooks.add(webhook(rows));
                }
            }
        }
        return webhooks;
    }

    public Optional<Webhook> find(String workspaceId, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT " + COLUMNS + " FROM webhook WHERE workspace_id = ? AND id = ?")) {
            select.setString(1, workspaceId);
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(webhook(rows)) : Optional.empty();
            }
        }
    }

    public boolean delete(String workspaceId, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection
                        .prepareStatement("DELETE FROM webhook WHERE workspace_id = ? AND id = ?")) {
            delete.setString(1, workspaceId);
            delete.setString(2, id);
            return delete.executeUpdate() == 1;
        }
    }

    /** Serialises the registrations of one workspace, so that two at once cannot pass its limit together. */
    public int lockAndCount(String workspaceId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('webhook:' || ?))");
                PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM webhook WHERE workspace_id = ?")) {
            lock.setString(1, workspaceId);
            lock.execute();
            count.setString(1, workspaceId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The enabled webhooks of these workspaces: id, workspace and the event types each wants. */
    public List<Subscription> subscriptions(Collection<String> workspaceIds) throws SQLException {
        List<Subscription> subscriptions = new ArrayList<>();
        if (workspaceIds.isEmpty()) {
            return subscriptions;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, workspace_id, events FROM webhook WHERE enabled AND workspace_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("varchar", workspaceIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    subscriptions.add(new Subscription(rows.getString(1), rows.getString(2),
                            Arrays.asList((String[]) rows.getArray(3).getArray())));
                }
            }
        }
        return subscriptions;
    }

    public record Subscription(String id, String workspaceId, List<String> events) {
    }

    public Optional<WebhookTarget> target(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT id, workspace_id, url, secret, enabled FROM webhook WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new WebhookTarget(rows.getString(1), rows.getString(2), URI.create(rows.getString(3)),
                                rows.getBytes(4), rows.getBoolean(5)))
                        : Optional.empty();
            }
        }
    }

    /** An admin asked for it again: the webhook is enabled, and no longer counted as failing. */
    public void enable(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE webhook SET enabled = true, disabled_reason = NULL, failing_since = NULL WHERE id = ?")) {
            update.setString(1, id);
            update.executeUpdate();
        }
    }

    /** A call that got through: the webhook is no longer failing. */
    public void succeeded(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection
                        .prepareStatement(
                                "UPDATE webhook SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL")) {
            update.setString(1, id);
            update.executeUpdate();
        }
    }

    /**
     * A call that failed: the webhook fails since its first failure after its last success, and is disabled once that is
     * {@code disableAfter} ago. Returns true when this failure disabled it.
     */
    public boolean failed(String id, Instant now, Duration disableAfter, String error) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        """
                                UPDATE webhook SET failing_since = coalesce(failing_since, ?),
                                    enabled = enabled AND coalesce(failing_since, ?) > ?,
                                    disabled_reason = CASE WHEN enabled AND coalesce(failing_since, ?) <= ? THEN ? ELSE disabled_reason END
                                WHERE id = ? RETURNING NOT enabled AND disabled_reason = ?""")) {
            Timestamp at = Timestamp.from(now);
            Timestamp threshold = Timestamp.from(now.minus(disableAfter));
            String reason = "disabled after failing for " + disableAfter.toHours() + " h: " + error;
            update.setTimestamp(1, at);
            update.setTimestamp(2, at);
            update.setTimestamp(3, threshold);
            update.setTimestamp(4, at);
            update.setTimestamp(5, threshold);
            update.setString(6, reason);
            update.setString(7, id);
            update.setString(8, reason);
            try (ResultSet rows = update.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    public void recordAttempt(String webhookId, WebhookAttempt attempt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        """
                                INSERT INTO webhook_attempt (webhook_id, delivery_id, event_id, event_type, attempt, attempted_at, status,
                                    latency_ms, outcome, next_attempt_at, error)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, webhookId);
            insert.setLong(2, attempt.deliveryId());
            insert.setString(3, attempt.eventId());
            insert.setString(4, attempt.eventType());
            insert.setInt(5, attempt.attempt());
            insert.setTimestamp(6, Timestamp.from(attempt.attemptedAt()));
            if (attempt.statusCode() == null) {
                insert.setNull(7, Types.INTEGER);
            } else {
                insert.setInt(7, attempt.statusCode());
            }
            insert.setLong(8, attempt.latencyMs());
            insert.setString(9, attempt.outcome());
            insert.setTimestamp(10, attempt.nextRetryAt() == null ? null : Timestamp.from(attempt.nextRetryAt()));
            insert.setString(11, attempt.error());
            insert.executeUpdate();
        }
    }

    /** A webhook's calls, newest first, those before {@code beforeId} (a cursor) when given. */
    public List<WebhookAttempt> attempts(String webhookId, Long beforeId, int limit) throws SQLException {
        List<WebhookAttempt> attempts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT id, delivery_id, event_id, event_type, attempt, attempted_at, status, latency_ms, outcome,
                            next_attempt_at, error
                        FROM webhook_attempt WHERE webhook_id = ? AND id < ? ORDER BY id DESC LIMIT ?""")) {
            select.setString(1, webhookId);
            select.setLong(2, beforeId == null ? Long.MAX_VALUE : beforeId);
            select.setInt(3, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int status = rows.getInt(7);
                    Integer statusCode = rows.wasNull() ? null : status;
                    Timestamp next = rows.getTimestamp(10);
                    attempts.add(new WebhookAttempt(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                            rows.getInt(5), rows.getTimestamp(6).toInstant(), statusCode, rows.getLong(8), rows.getString(9),
                            next == null ? null : next.toInstant(), rows.getString(11)));
                }
            }
        }
        return attempts;
    }

    /** Deletes up to {@code limit} calls made before {@code before}; returns how many. */
    public int deleteAttempts(Instant before, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM webhook_attempt WHERE id IN (SELECT id FROM webhook_attempt WHERE attempted_at < ?
                            ORDER BY attempted_at LIMIT ?)""")) {
            delete.setTimestamp(1, Timestamp.from(before));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    private static Webhook webhook(ResultSet rows) throws SQLException {
        Timestamp failing = rows.getTimestamp(6);
        return new Webhook(rows.getString(1), rows.getString(2), Arrays.asList((String[]) rows.getArray(3).getArray()),
                rows.getBoolean(4), rows.getString(5), failing == null ? null : failing.toInstant(),
                rows.getTimestamp(7).toInstant(), rows.getString(8), null);
    }
}
