package org.chatinbox.conversation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What conversation-service is told. The internal token comes from a Secret in production. */
@ConfigMapping(prefix = "inbox")
public interface ConversationConfig {

    /** The token the gateway sends with every call ({@code X-Inbox-Token}), checked by service-support's filter; required. */
    Internal internal();

    /** List and page sizes. */
    Pages pages();

    interface Internal {
        String token();
    }

    interface Pages {

        /** Items per page when the caller names no limit. */
        @WithDefault("20")
        int defaultLimit();

        /** The largest limit a caller may ask for (contract §4). */
        @WithDefault("100")
        int maxLimit();
    }
}
