package org.chatinbox.localstack;

import java.time.Duration;

/** One server of the local stack: Kafka, PostgreSQL, Elasticsearch or one of the services. */
interface Server {

    String name();

    int port();

    ManagedProcess process();

    /** Prepares what is missing (storage, configuration) and starts the process, without waiting for it. */
    void start();

    /** Whether the server answers as it should: a cheap check, called until it says yes. */
    boolean isReady();

    /** The signal that asks the server to shut down cleanly. */
    default String stopSignal() {
        return "TERM";
    }

    default Duration stopGrace() {
        return Duration.ofSeconds(20);
    }
}
