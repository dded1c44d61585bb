package org.chatinbox.handoff.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What handoff-service is told. The internal token comes from a Secret in production. */
@ConfigMapping(prefix = "inbox")
public interface HandoffConfig {

    /** The token the gateway sends with every call ({@code X-Inbox-Token}), checked by service-support's filter; required. */
    Internal internal();

    /**
     * The agents known from the start, by id (e.g. {@code INBOX_AGENTS__ALICE__WORKSPACE}); their keys live in the gateway.
     * Admins add others with {@code PUT /agents/{agentId}}, and an agent authenticated by a token is known from its first
     * command.
     */
    Map<String, AgentConfig> agents();

    interface Internal {
        String token();
    }

    interface AgentConfig {

        String workspace();

        /** Shown to other agents; the id when not given. */
        Optional<String> name();

        @WithDefault("agent")
        List<String> roles();
    }
}
