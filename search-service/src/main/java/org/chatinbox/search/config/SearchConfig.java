package org.chatinbox.search.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What search-service is told. The internal token comes from a Secret in production. */
@ConfigMapping(prefix = "inbox")
public interface SearchConfig {

    /** The token the gateway sends with every call ({@code X-Inbox-Token}), checked by service-support's filter; required. */
    Internal internal();

    /** The index of every message. */
    Index index();

    interface Internal {
        String token();
    }

    interface Index {

        /** The index name; created with the service's mapping when it does not exist. */
        @WithDefault("inbox-messages")
        String name();

        /** Longest pause between two attempts while Elasticsearch is unavailable; a batch is retried until it is indexed. */
        @WithDefault("10s")
        Duration maxBackoff();
    }
}
