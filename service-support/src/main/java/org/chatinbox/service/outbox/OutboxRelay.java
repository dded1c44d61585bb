package org.chatinbox.service.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.chatinbox.api.messaging.DurableProducers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

/**
 * Moves outbox rows to Kafka, oldest first, and deletes them once Kafka acknowledged every one ({@code acks=all}, idempotent
 * producer), in one transaction per batch: a failed send rolls the claim back and the next run tries again. Runs as soon as a
 * transaction that wrote into the outbox has committed, whichever path wrote it (a command, a consumed event), and every second
 * as a sweep for what an earlier run could not send.
 */
@ApplicationScoped
@IfBuildProperty(name = "outbox.enabled", stringValue = "true")
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final OutboxRepository outbox;
    private final KafkaProducer<String, byte[]> producer;
    // one run at a time, off the committing thread (after completion, its connection is no longer usable)
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean requested = new AtomicBoolean();

    public OutboxRelay(OutboxRepository outbox, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.outbox = outbox;
        this.producer = DurableProducers.create(kafka, application + "-outbox",
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        request();
    }

    @Scheduled(every = "1s")
    void sweep() {
        request();
    }

    /** Asks for a run; one asked while another runs happens after it, so no row written meanwhile waits for the sweep. */
    private void request() {
        if (requested.compareAndSet(false, true)) {
            runner.execute(this::run);
        }
    }

    private void run() {
        requested.set(false);
        try {
            while (QuarkusTransaction.requiringNew().call(this::relayBatch) == BATCH) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay paused until the next run: %s", e.toString());
        }
    }

    private int relayBatch() throws Exception {
        List<OutboxRecord> claimed = outbox.claim(BATCH);
        List<Future<RecordMetadata>> acks = new ArrayList<>(claimed.size());
        for (OutboxRecord record : claimed) {
            acks.add(producer.send(DurableProducers.record(record.topic(), record.key(), record.payload())));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        outbox.delete(claimed);
        return claimed.size();
    }

    @PreDestroy
    void close() {
        runner.shutdown();
        try {
            runner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
