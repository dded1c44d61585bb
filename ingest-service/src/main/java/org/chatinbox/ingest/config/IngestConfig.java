package org.chatinbox.ingest.config;

import java.net.URI;
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

    /** How agents' replies and bot notices ({@code inbox.outbound}) go out to the channels. */
    Outbound outbound();

    /**
     * Bots' own callbacks, by a name of the operator's choosing: where bot notices ({@code bot.paused}, {@code bot.resumed})
     * go, and agents' replies on channels without a platform of their own ({@code web}, {@code api}, ...).
     */
    Map<String, Callback> callbacks();

    /** Integration webhooks ({@code /api/v1/settings/webhooks}). */
    Webhooks webhooks();

    interface Webhooks {

        /** The AES-256 key (32 bytes, base64) that keeps the subscriptions' secrets encrypted; from a Secret in production. */
        String encryptionKey();

        /** Subscriptions a workspace may have. */
        @WithDefault("20")
        int maxPerWorkspace();

        /** A subscriber failing every call for this long is disabled (and says so in the list). */
        @WithDefault("24h")
        Duration disableAfter();
    }

    interface Outbound {

        /** The Telegram Bot API. */
        @WithDefault("https://api.telegram.org")
        URI telegramUrl();

        /** The Graph API, version included (Messenger and WhatsApp Cloud API sends). */
        @WithDefault("https://graph.facebook.com/v21.0")
        URI graphUrl();

        /** Callback and webhook URLs on loopback are refused unless this is set (the local profile only, contract §5). */
        @WithDefault("false")
        boolean allowLoopback();

        /** How long one call may take, connecting included, before it counts as failed for now. */
        @WithDefault("10s")
        Duration timeout();

        /** The pause after the first failed attempt; it doubles at each attempt, with jitter, up to {@code max-backoff}. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("10m")
        Duration maxBackoff();

        /** A delivery still failing this long after it was requested fails for good. */
        @WithDefault("24h")
        Duration giveUpAfter();

        /** Calls in flight at once per lane (a channel, a callback) and replica: one slow lane never takes the others' turn. */
        @WithDefault("4")
        int concurrencyPerLane();

        /**
         * How long a claimed delivery is this replica's: one not recorded by then (the replica died mid-call) is sent again,
         * with the same idempotency key. Longer than {@code timeout}.
         */
        @WithDefault("60s")
        Duration lease();

        /** How long finished deliveries are kept. */
        @WithDefault("7d")
        Duration keepFinished();
    }

    interface Callback {

        /** The workspace whose bot this is. */
        String workspace();

        /** The bot; absent: every bot of the workspace without a callback of its own. */
        Optional<String> bot();

        /** Only this channel's conversations ({@code web}, ...); absent: all of them. */
        Optional<String> channel();

        /** Where the events are posted (CloudEvents JSON). Checked against server-side request forgery at each call. */
        URI url();

        /** The key of each call's {@code X-Inbox-Signature} (HMAC-SHA256 of the body). */
        String secret();
    }

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

        /** Telegram: the bot's token, for {@code sendMessage}. */
        Optional<String> botToken();

        /** Meta: the page (Messenger) or system user (WhatsApp) access token of the Graph API sends. */
        Optional<String> accessToken();

        /** Messenger: the page that sends; absent: the page of the access token ({@code me}). */
        Optional<String> pageId();

        /** WhatsApp Cloud API: the phone number id that sends. */
        Optional<String> phoneNumberId();
    }

    enum Platform {
        telegram, meta
    }
}
