package org.chatinbox.conversation.messaging;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.conversation.config.ConversationConfig;
import org.chatinbox.conversation.service.ReadModelWriter;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.InvalidEventException;
import org.chatinbox.events.RecordDecoder;
import org.chatinbox.service.messaging.DeadLetters;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Feeds the read model from {@code inbox.messages}, {@code inbox.handoff}, {@code inbox.summaries} and this service's own
 * {@code inbox.conversations} (read back so that a rebuilt read model has status and labels again), a batch at a time: one
 * transaction per batch, committed to Kafka only after the database. A record that is not a contract event, or that the
 * database refuses on its own, is dead-lettered and the rest of the batch still applies. Transient database failures are
 * retried; if they outlast {@code consumer-retry-for} the batch fails and the channel's dead-letter strategy keeps it.
 */
@ApplicationScoped
public class EventsConsumer {

    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);

    private final ReadModelWriter writer;
    private final EventCodec codec;
    private final DeadLetters deadLetters;
    private final ReplayBoundary replayBoundary;
    private final Duration retryFor;
    private final Counter applied;

    public EventsConsumer(ReadModelWriter writer, EventCodec codec, DeadLetters deadLetters, ReplayBoundary replayBoundary,
            ConversationConfig config, MeterRegistry registry) {
        this.replayBoundary = replayBoundary;
        this.writer = writer;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.retryFor = config.consumerRetryFor();
        this.applied = registry.counter("inbox.conversation.events.applied");
    }

    // batches apply concurrently: the writes are idempotent and order-independent, and the connector commits an offset
    // only once every record before it is done
    @Incoming("messages")
    @io.smallrye.reactive.messaging.annotations.Blocking(ordered = false)
    public void messages(ConsumerRecords<String, byte[]> records) throws Exception {
        apply(records, true);
    }

    @Incoming("handoff")
    @Blocking
    public void handoff(ConsumerRecords<String, byte[]> records) throws Exception {
        apply(records, false);
    }

    @Incoming("summaries")
    @Blocking
    public void summaries(ConsumerRecords<String, byte[]> records) throws Exception {
        apply(records, false);
    }

    /** This service's own status and label changes: only a rebuilt read model has not applied them already. */
    @Incoming("conversations")
    @Blocking
    public void conversations(ConsumerRecords<String, byte[]> records) throws Exception {
        apply(records, false);
    }

    private void apply(ConsumerRecords<String, byte[]> records, boolean mayBeReplayedHistory) throws Exception {
        List<CloudEvent<?>> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        Set<String> replayed = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                CloudEvent<?> event = RecordDecoder.decode(codec, record);
                events.add(event);
                sources.add(record);
                if (mayBeReplayedHistory && retrying(() -> replayBoundary.isReplayed(record))) {
                    replayed.add(event.id());
                }
            } catch (InvalidEventException e) {
                deadLetters.send(record, "not a contract event: " + e.getMessage(), e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            applyWithRetry(events, replayed);
        } catch (SQLException e) {
            if (isTransient(e)) {
                throw e; // the database is away: the failure strategy keeps the batch, nothing is acknowledged as done
            }
            // the database refuses something in this batch: find the record, apply the others
            LOG.warnf("batch of %d refused (%s); applying one by one", events.size(), e.getMessage());
            for (int i = 0; i < events.size(); i++) {
                try {
                    applyWithRetry(List.of(events.get(i)), replayed);
                } catch (SQLException single) {
                    if (isTransient(single)) {
                        throw single;
                    }
                    deadLetters.send(sources.get(i), "refused by the database: " + single.getMessage(), single);
                }
            }
        }
    }

    private void applyWithRetry(List<CloudEvent<?>> events, Set<String> replayed) throws SQLException, InterruptedException {
        applied.increment(retrying(() -> writer.apply(events, replayed)));
    }

    private interface SqlAction<T> {
        T run() throws SQLException;
    }

    /** Runs the action again while the database (or Kafka's admin API) is away, for up to {@code consumer-retry-for}. */
    private <T> T retrying(SqlAction<T> action) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMs = 100;
        while (true) {
            try {
                return action.run();
            } catch (SQLException | RuntimeException e) {
                // the transaction layer may wrap the driver's exception: judge by the SQL cause
                SQLException sql = sqlCause(e);
                if (sql == null) {
                    throw (RuntimeException) e;
                }
                if (!isTransient(sql) || System.nanoTime() > deadline) {
                    throw sql;
                }
                LOG.warnf("database unavailable (%s); retrying in %d ms", sql.getMessage(), backoffMs);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    /** Connection failures (class 08), shutdowns (57P), serialization and deadlocks (40): worth retrying. */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException || state == null || state.startsWith("08") || state.startsWith("57P")
                || state.startsWith("40") || state.startsWith("53");
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
