package org.chatinbox.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything ingest-service is told: who may send (channel keys and webhook channels), how much, and how long Kafka may take.
 * Keys and secrets come from the environment or a Secret in production; only the local and test profiles set any here.
 */
@ConfigMapping(prefix = "inbox.ingest")
public interface IngestConfig {

    /** Channel keys for {@code POST /api/v1/ingest/events}, by a name of the operator's choosing. */
    Map<String, ChannelKey> channelKeys();

    /** Webhook channels (Telegram, Meta), by the channel id of their webhook URL. */
    Map<String, WebhookChannel> channels();

    /** Most events in one batch request (contract §3). */
    @WithDefault("500")
    int batchMaxEvents();

    /** Largest batch body in bytes; a single event is capped at 256 KiB by the contract. */
    @WithDefault("16777216")
    int batchMaxBytes();

    /** How long Kafka may take to acknowledge a request's records before the answer is {@code 503}. */
    @WithDefault("10s")
    Duration kafkaTimeout();

    /** The rate every key gets unless it names its own. */
    RateLimit rate();

    /** A MaxMind GeoIP2/GeoLite2 City database; without it, city and country come only from the events. */
    Optional<Path> geoipDatabase();

    interface ChannelKey {

        /** The key as the channel sends it in {@code X-API-Key}. */
        Optional<String> key();

        /** Or its SHA-256 in hex, so the plain key need not be in configuration at all. */
        Optional<String> keySha256();

        /** The workspace every event sent with this key must name. */
        String workspace();

        /** Bots this key may write for; absent: any bot of the workspace. */
        Optional<List<String>> bots();

        /** Events per second this key may send, overriding {@code rate.per-second}. */
        OptionalInt ratePerSecond();
    }

    interface RateLimit {

        /** Sustained events per second per key. */
        @WithDefault("2000")
        int perSecond();

        /** Events a key may send at once above its sustained rate (at least one full batch). */
        @WithDefault("10000")
        int burst();
    }

    interface WebhookChannel {

        /** {@code telegram} or {@code meta} (Messenger and WhatsApp Cloud API). */
        Platform platform();

        /** Telegram: the {@code secret_token} of {@code setWebhook}; Meta: the app secret that signs every call. */
        String secret();

        /** Meta only: the token the subscription's verification request must carry. */
        Optional<String> verifyToken();

        /** The workspace whose inbox receives this channel's conversations. */
        String workspace();

        /** The bot that answers on this channel. */
        String bot();
    }

    enum Platform {
        telegram, meta
    }
}
