package org.chatinbox.summary.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What summary-service is told. The internal token comes from a Secret in production. */
@ConfigMapping(prefix = "inbox")
public interface SummaryConfig {

    /** The token the gateway sends with every call ({@code X-Inbox-Token}), checked by service-support's filter; required. */
    Internal internal();

    Summaries summaries();

    Grouping grouping();

    Pages pages();

    interface Internal {
        String token();
    }

    /** When and how much a summary is regenerated. */
    interface Summaries {

        /**
         * A conversation is summarised again once it has been quiet this long after a new message, so that a burst of messages
         * costs one regeneration.
         */
        @WithDefault("2s")
        Duration quiet();

        /** ... or at the latest this long after the first message not summarised yet, however busy it stays. */
        @WithDefault("10s")
        Duration maxWait();

        /** How often due conversations are looked for. */
        @WithDefault("500ms")
        Duration poll();

        /**
         * How long a claimed conversation is kept from other replicas while its summary is made; a replica that dies meanwhile
         * leaves it due again after this.
         */
        @WithDefault("60s")
        Duration lease();

        /** Conversations claimed at once (fewer with a model, see {@code llm.batch}). */
        @WithDefault("50")
        int batch();

        /** The opening turns read for a summary (where the visitor says what they want). */
        @WithDefault("12")
        int firstTurns();

        /** The latest turns read for a summary (how it ended); a longer conversation's middle is not read. */
        @WithDefault("48")
        int lastTurns();

        /** Key points of a summary. */
        @WithDefault("4")
        int keyPoints();

        /** The optional model method; without a base URL every summary is extractive. */
        Llm llm();
    }

    /**
     * An OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, vLLM, Ollama's /v1, ...): summaries come from it, and from the
     * extractive method whenever it fails, is slow or the workspace is over its rate.
     */
    interface Llm {

        /** e.g. {@code https://api.openai.com/v1}; none: no model is called. */
        java.util.Optional<String> baseUrl();

        /** From a Secret in production ({@code INBOX_SUMMARIES_LLM_API_KEY}). */
        java.util.Optional<String> apiKey();

        @WithDefault("gpt-4o-mini")
        String model();

        /** The longest a call may take; then the summary is extractive. */
        @WithDefault("10s")
        Duration timeout();

        /** The tokens a summary may cost at most. */
        @WithDefault("300")
        int maxTokens();

        /** The transcript sent is cut to this many characters (about a quarter as many tokens). */
        @WithDefault("6000")
        int maxInputCharacters();

        /** Model calls per workspace per minute; the rest are extractive. */
        @WithDefault("30")
        int perWorkspacePerMinute();

        /** Conversations claimed at once while a model is configured (each call may take up to the timeout). */
        @WithDefault("5")
        int batch();
    }

    /** How visitor questions are grouped by meaning. */
    interface Grouping {

        /**
         * The least cosine similarity between a question's embedding and a group's mean for the question to join it; below, it
         * starts a group. 0.5 measured on CLINC150 (see the README).
         */
        @WithDefault("0.5")
        double threshold();

        /** Questions embedded and placed in one transaction. */
        @WithDefault("64")
        int batch();

        /** How often ungrouped questions are looked for. */
        @WithDefault("500ms")
        Duration poll();

        /**
         * The groups of a workspace (per kind) a question is compared with: the most recently seen, so that memory and the cost
         * of placing a question stay bounded however long a workspace lives.
         */
        @WithDefault("5000")
        int candidates();
    }

    interface Pages {

        @WithDefault("20")
        int defaultLimit();

        @WithDefault("100")
        int maxLimit();

        /** The window of the bot figures when {@code since} is not given, and the widest one may ask for. */
        @WithDefault("30")
        int defaultDays();

        @WithDefault("366")
        int maxDays();
    }
}
