package org.chatinbox.service.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How every Kafka consumer of the suite waits for a store that is away. */
@ConfigMapping(prefix = "inbox.consumer")
public interface ConsumerConfig {

    /** The pause before the first retry of a batch whose store is away; it doubles at each attempt. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** The longest pause between two attempts; a batch is retried until it is stored, never given up. */
    @WithDefault("10s")
    Duration maxBackoff();

    /** How long a store may be away before readiness reports it (a deadlock retried once is no outage). */
    @WithDefault("1s")
    Duration unreadyAfter();

    /**
     * Channels whose store being away leaves the service ready, reported in the check's data: for a service that does more than
     * consume (ingest-service keeps accepting events while its delivery database is away).
     */
    Optional<Set<String>> readyWithout();
}
