package org.chatinbox.search.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What search-service is told. The internal token comes from a Secret in production. */
@ConfigMapping(prefix = "inbox")
public interface SearchConfig {

    /** The token the gateway sends with every call ({@code X-Inbox-Token}), checked by service-support's filter; required. */
    Internal internal();

    /** The index of every conversation. */
    Index index();

    /** The search box. */
    Search search();

    interface Search {

        /**
         * How deep a search of messages pages: the conversations it goes through, best first (at most the index's
         * {@code max_result_window}, 10,000). A list of conversations ({@code /conversations}) pages by cursor without limit.
         */
        @WithDefault("10000")
        int window();

        /** The most matching messages of one conversation a search of many lists; a search inside it lists them all. */
        @WithDefault("20")
        int perConversation();

        /** The most completions one search-as-you-type answer offers. */
        @WithDefault("8")
        int suggestions();
    }

    /** Similar conversations. */
    Similar similar();

    interface Similar {

        /** How many waiting conversations the embedding worker embeds a second, at most. */
        @WithDefault("64")
        int batch();
    }

    interface Internal {
        String token();
    }

    interface Index {

        /** The alias searches read; the index behind it is {@code <name>-v<version>}, created with the service's mapping. */
        @WithDefault("inbox-search")
        String name();

        /** The version of the mapping: a new one is a new index, filled from Kafka by a consumer group of its own. */
        @WithDefault("1")
        int version();

        /** The most messages one conversation's document holds (the newest); its count still counts them all. */
        @WithDefault("5000")
        int maxMessages();

        /**
         * How many messages the documents this replica wrote last may hold in memory, so that an active conversation is not
         * read back from Elasticsearch at each batch.
         */
        @WithDefault("50000")
        int cacheMessages();
    }
}
