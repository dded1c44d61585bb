package org.chatinbox.ingest.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.problem.ProblemException;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * A token bucket per channel key (Bucket4j), counted in events, so a batch of 100 costs 100. Per replica: the configured rate
 * is what one replica grants a key. A request is charged before its body is read, by an upper bound of its events, and gets
 * back what it did not use once they are counted: a flood is refused before it costs any parsing.
 */
@ApplicationScoped
public class RateLimiter {

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final int burst;

    public RateLimiter(IngestConfig config) {
        this.burst = Math.max(config.rate().burst(), config.batchMaxEvents());
    }

    /** Takes {@code events} tokens from the caller's bucket, or refuses with {@code 429} and when to retry. */
    public void acquire(ChannelKeys.Caller caller, int events) {
        ConsumptionProbe probe = bucket(caller).tryConsumeAndReturnRemaining(events);
        if (!probe.isConsumed()) {
            throw ProblemException.tooManyRequests("key '" + caller.name() + "' may send " + caller.ratePerSecond()
                    + " events per second; retry later", Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** Gives back tokens taken by {@link #acquire} and not used (never more than the bucket holds). */
    public void giveBack(ChannelKeys.Caller caller, int events) {
        if (events > 0) {
            bucket(caller).addTokens(events);
        }
    }

    private Bucket bucket(ChannelKeys.Caller caller) {
        return buckets.computeIfAbsent(caller.name(), name -> Bucket.builder()
                .addLimit(limit -> limit.capacity(Math.max(burst, caller.ratePerSecond()))
                        .refillGreedy(caller.ratePerSecond(), Duration.ofSeconds(1)))
                .build());
    }
}
