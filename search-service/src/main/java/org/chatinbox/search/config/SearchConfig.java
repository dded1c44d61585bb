package org.chatinbox.search.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What search-service is told. The internal token comes from a Secret in production. */
@ConfigMapping(prefix = "inbox")
public interface SearchConfig {

    /** The token the gateway sends with every call ({@code X-Inbox-Token}), checked by service-support's filter; required. */
    Internal internal();

    /** The index of every message. */
    Index index();

    /** The search box. */
    Search search();

    interface Search {

        /**
         * The most matches one search counts, facets and pages through (at most the index's {@code max_result_window}, 10,000):
         * past it the answer says the total is a lower bound. Counting or sorting every one of millions of matches takes
         * seconds; the best few thousand come in tens of milliseconds.
         */
        @WithDefault("10000")
        int window();
    }

    interface Internal {
        String token();
    }

    interface Index {

        /** The index name; created with the service's mapping when it does not exist. */
        @WithDefault("inbox-messages")
        String name();
    }
}
