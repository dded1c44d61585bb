package org.chatinbox.ingest.service;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.chatinbox.ingest.channel.OutboundHttp;
import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.ingest.model.Delivery;
import org.chatinbox.ingest.model.SendResult;
import org.chatinbox.ingest.repository.DeliveryRepository;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends the due deliveries. One loop claims them lane by lane, at most {@code concurrency-per-lane} in flight per lane, and
 * hands each to a worker that makes the call and records its outcome: a lane whose calls take ten seconds fills its own slots
 * and no other's (a bulkhead per lane). The loop runs when the consumer added deliveries, when an attempt ends, and every half
 * second for retries that came due. A call is never followed through a redirect, and only the start of an answer is read.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** The start of an answer is enough to tell what went wrong; the rest is not read. */
    private static final int MAX_ANSWER_BYTES = 8192;

    private final DeliveryRepository deliveries;
    private final DeliveryService service;
    private final OutboundRoutes routes;
    private final IngestConfig.Outbound config;
    private final HttpClient http;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "delivery-worker");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;
    private Thread loop;

    public DeliveryDispatcher(DeliveryRepository deliveries, DeliveryService service, OutboundRoutes routes,
            IngestConfig config, MeterRegistry registry) {
        this.deliveries = deliveries;
        this.service = service;
        this.routes = routes;
        this.config = config.outbound();
        this.registry = registry;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(this.config.timeout())
                .build();
    }

    void start(@Observes StartupEvent start) {
        loop = new Thread(this::run, "delivery-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    /** There may be deliveries to send: run the loop now rather than at its next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        long pauseMs = POLL.toMillis();
        while (running) {
            try {
                dispatchDue();
                pauseMs = POLL.toMillis();
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("deliveries wait for the database: %s", e.getMessage());
                pauseMs = Math.min(pauseMs * 2, 10_000);
            }
            synchronized (signal) {
                if (!woken) {
                    try {
                        signal.wait(pauseMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    private void dispatchDue() throws SQLException {
        for (String lane : deliveries.openLanes()) {
            AtomicInteger busy = inFlight.computeIfAbsent(lane, l -> new AtomicInteger());
            int free = config.concurrencyPerLane() - busy.get();
            if (free <= 0) {
                continue;
            }
            for (Delivery delivery : deliveries.claim(lane, free, config.lease())) {
                busy.incrementAndGet();
                workers.execute(() -> attempt(delivery, busy));
            }
        }
    }

    private void attempt(Delivery delivery, AtomicInteger busy) {
        try {
            SendResult result = send(delivery);
            registry.counter("inbox.outbound.attempts", "outcome", result.outcome().name().toLowerCase()).increment();
            Timer.builder("inbox.outbound.call").publishPercentiles(0.5, 0.99).register(registry)
                    .record(Duration.ofMillis(result.millis()));
            recordOutcome(delivery, result);
        } finally {
            busy.decrementAndGet();
            wake();
        }
    }

    /** The call, and what its answer means: 2xx delivered; 408, 429, 5xx, a timeout or no connection retried; else refused. */
    SendResult send(Delivery delivery) {
        OutboundRoutes.Call call = routes.call(delivery, Instant.now());
        if (call.refusal() != null) {
            return call.refusal();
        }
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(call.request(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return SendResult.delivered(status, millis);
            }
            String error = OutboundHttp.error(call.target(), status, body);
            if (status == 408 || status == 429 || status >= 500) {
                return SendResult.retry(status, error,
                        OutboundHttp.retryAfter(response.headers(), body, Instant.now()).orElse(null), millis);
            }
            if (status >= 300 && status < 400) {
                return SendResult.refused(status, call.target() + " answered " + status + " (a redirect, not followed)",
                        millis);
            }
            return SendResult.refused(status, error, millis);
        } catch (HttpTimeoutException e) {
            return SendResult.retry(0, call.target() + " did not answer within " + config.timeout(), null, elapsed(started));
        } catch (IOException e) {
            return SendResult.retry(0, call.target() + " could not be reached (" + e.getClass().getSimpleName() + ")", null,
                    elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry(0, "the service stopped during the call", null, elapsed(started));
        }
    }

    /**
     * Records the outcome, waiting for a database that is away for as long as the lease lasts; after that the delivery is
     * someone else's to send again (with the same idempotency key), and this outcome is dropped.
     */
    private void recordOutcome(Delivery delivery, SendResult result) {
        long deadline = System.nanoTime() + config.lease().toNanos();
        long pauseMs = 100;
        while (true) {
            try {
                service.record(delivery, result, Instant.now());
                return;
            } catch (SQLException | RuntimeException e) {
                if (System.nanoTime() + pauseMs * 1_000_000 > deadline) {
                    LOG.warnf("outcome of delivery %d not recorded (%s): it will be sent again", delivery.id(), e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pauseMs = Math.min(pauseMs * 2, 5_000);
            }
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Scheduled(every = "10m", delayed = "1m")
    void purge() {
        try {
            while (service.purge(Instant.now()) >= 10_000) {
                // a full batch: there may be more
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("finished deliveries not purged this time: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
