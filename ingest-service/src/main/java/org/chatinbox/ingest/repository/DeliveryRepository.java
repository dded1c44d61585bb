package org.chatinbox.ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.data.OutboundKind;
import org.chatinbox.ingest.model.Delivery;
import org.chatinbox.ingest.model.NewDelivery;

/**
 * The deliveries of outbound events and their attempts. A delivery is claimed for one attempt with a lease
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas share the work without waiting on each other), and only while no earlier
 * delivery of its conversation on the same lane is still open: one conversation's replies arrive in order.
 */
@ApplicationScoped
public class DeliveryRepository {

    static final String OPEN = "state IN ('pending', 'retrying')";
    /** The kind of a delivery to a webhook (the others are the outbound kinds). */
    static final String WEBHOOK = "WEBHOOK";

    private final DataSource dataSource;

    public DeliveryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds the deliveries not known yet (a record read again after a restart adds nothing). One statement per delivery rather
     * than a JDBC batch: a batch on a connection the database stopped answering fails inside the driver in a way the consumer
     * idiom cannot classify, while a statement fails with the socket timeout, which it waits out.
     */
    public void add(List<NewDelivery> deliveries) throws SQLException {
        if (deliveries.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO delivery (event_id, event_type, workspace_id, conversation_id, message_id, kind, lane,
                            payload, source_partition, source_offset, state, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', now())
                        ON CONFLICT (event_id, lane) DO NOTHING""")) {
            for (NewDelivery d : deliveries) {
                insert.setString(1, d.eventId());
                insert.setString(2, d.eventType());
                insert.setString(3, d.workspaceId());
                insert.setString(4, d.conversationId());
                insert.setString(5, d.messageId());
                insert.setString(6, d.kind() == null ? WEBHOOK : d.kind().name());
                insert.setString(7, d.lane());
                insert.setBytes(8, d.payload());
                insert.setInt(9, d.sourcePartition());
                insert.setLong(10, d.sourceOffset());
                insert.executeUpdate();
            }
        }
    }

    /**
     * The lanes with a delivery still open (due now or later). A loose index scan: one index probe per lane, however many
     * deliveries wait on each (a plain {@code DISTINCT} reads them all, at every round of the dispatcher).
     */
    public List<String> openLanes() throws SQLException {
        List<String> lanes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        WITH RECURSIVE lanes (lane) AS (
                            (SELECT lane FROM delivery WHERE state IN ('pending', 'retrying') ORDER BY lane LIMIT 1)
                            UNION ALL
                            SELECT (SELECT d.lane FROM delivery d WHERE d.state IN ('pending', 'retrying') AND d.lane > l.lane
                                    ORDER BY d.lane LIMIT 1)
                            FROM lanes l WHERE l.lane IS NOT NULL)
                        SELECT lane FROM lanes WHERE lane IS NOT NULL LIMIT 1000""");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                lanes.add(rows.getString(1));
            }
        }
        return lanes;
    }

    /**
     * Claims up to {@code limit} due deliveries of a lane for one attempt each, oldest first: each is this caller's for
     * {@code lease}, and its attempt count goes up (a delivery whose replica died mid-call counts that call too).
     */
    public List<Delivery> claim(String lane, int limit, Duration lease) throws SQLException {
        List<Delivery> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(
                        """
                                UPDATE delivery d SET lease_until = now() + make_interval(secs => ?), attempts = d.attempts + 1,
                                    updated_at = now()
                                FROM (SELECT c.id FROM delivery c
                                      WHERE c.lane = ? AND c.state IN ('pending', 'retrying') AND c.next_attempt_at <= now()
                                        AND (c.lease_until IS NULL OR c.lease_until < now())
                                        -- the first open delivery of its conversation on the lane: one index probe each
                                        AND c.id = (SELECT min(e.id) FROM delivery e WHERE e.workspace_id = c.workspace_id
                                            AND e.conversation_id = c.conversation_id AND e.lane = c.lane
                                            AND e.state IN ('pending', 'retrying'))
                                      ORDER BY c.next_attempt_at, c.id LIMIT ? FOR UPDATE SKIP LOCKED) due
                                WHERE d.id = due.id
                                RETURNING d.id, d.event_id, d.event_type, d.workspace_id, d.conversation_id, d.message_id, d.kind, d.lane,
                                    d.payload, d.source_partition, d.source_offset, d.attempts, d.created_at""")) {
            claim.setDouble(1, lease.toMillis() / 1000.0);
            claim.setString(2, lane);
            claim.setInt(3, limit);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    String kind = rows.getString(7);
                    claimed.add(new Delivery(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), WEBHOOK.equals(kind) ? null : OutboundKind.valueOf(kind),
                            rows.getString(8), rows.getBytes(9), rows.getInt(10), rows.getLong(11), rows.getInt(12),
                            rows.getTimestamp(13).toInstant()));
                }
            }
        }
        return claimed;
    }

    /**
     * Records an attempt's outcome and frees the delivery; false when the attempt is no longer the delivery's (its lease ran
     * out and another attempt has begun), which then changes nothing.
     *
     * @param nextAttemptAt
     *            when to try again ({@code retrying}), else null
     */
    public boolean finish(Delivery delivery, String state, Instant nextAttemptAt, int status, String error)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE delivery SET state = ?, next_attempt_at = coalesce(?, next_attempt_at), lease_until = NULL,
                            last_status = ?, last_error = ?, updated_at = now()
                        WHERE id = ? AND attempts = ?""")) {
            update.setString(1, state);
            update.setTimestamp(2, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt));
            if (status == 0) {
                update.setNull(3, Types.INTEGER);
            } else {
                update.setInt(3, status);
            }
            update.setString(4, error);
            update.setLong(5, delivery.id());
            update.setInt(6, delivery.attempt());
            return update.executeUpdate() == 1;
        }
    }

    /** What became of a request to send a delivery again. */
    public enum Redelivery {
        SCHEDULED, IN_FLIGHT, UNKNOWN
    }

    /** Sends a delivery of the lane again, now, whatever became of it (not while a call of it is in flight). */
    public Redelivery redeliver(String lane, long deliveryId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE delivery SET state = 'pending', next_attempt_at = now(), created_at = now(), updated_at = now()
                        WHERE id = ? AND lane = ? AND (lease_until IS NULL OR lease_until < now())""");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM delivery WHERE id = ? AND lane = ?")) {
            update.setLong(1, deliveryId);
            update.setString(2, lane);
            if (update.executeUpdate() == 1) {
                return Redelivery.SCHEDULED;
            }
            exists.setLong(1, deliveryId);
            exists.setString(2, lane);
            try (ResultSet rows = exists.executeQuery()) {
                return rows.next() ? Redelivery.IN_FLIGHT : Redelivery.UNKNOWN;
            }
        }
    }

    /** Fails every open delivery of a lane (its webhook was removed or disabled). */
    public int abandon(String lane, String reason) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE delivery SET state = 'failed', last_error = ?,"
                        + " lease_until = NULL, updated_at = now() WHERE lane = ? AND " + OPEN)) {
            update.setString(1, reason);
            update.setString(2, lane);
            return update.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} deliveries finished before {@code before}; returns how many. */
    public int deleteFinished(Instant before, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM delivery WHERE id IN (SELECT id FROM delivery
                            WHERE state IN ('delivered', 'failed') AND updated_at < ? ORDER BY updated_at LIMIT ?)""")) {
            delete.setTimestamp(1, Timestamp.from(before));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }
}
