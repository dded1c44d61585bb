package org.chatinbox.ingest.service;

import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.EventCodec;
import org.chatinbox.events.InvalidEventException;
import org.chatinbox.events.data.OutboundKind;
import org.chatinbox.events.data.OutboundRequested;
import org.chatinbox.ingest.channel.CallbackSend;
import org.chatinbox.ingest.channel.MetaSend;
import org.chatinbox.ingest.channel.TelegramSend;
import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.ingest.model.Delivery;
import org.chatinbox.ingest.model.SendResult;
import org.chatinbox.ingest.model.WebhookTarget;
import org.chatinbox.ingest.repository.WebhookRepository;
import org.chatinbox.ingest.security.SecretBox;
import org.chatinbox.ingest.security.UrlGuard;

/**
 * Where each outbound event goes, and the call that takes it there. A reply on Telegram, Messenger or WhatsApp goes to the
 * webhook channel of its workspace and bot on that platform (the conversation came in through it); a reply on any other
 * channel, and every bot notice, goes to the bot's callback (the most specific one: bot and channel, bot, channel, workspace).
 * The lane names the target, so that each target is sent to on its own; the call is made from the configuration of the moment.
 */
@ApplicationScoped
public class OutboundRoutes {

    /** Replies nothing is configured to deliver: they fail at once, so that the agent sees it. */
    static final String UNROUTABLE = "unroutable";

    private final IngestConfig config;
    private final UrlGuard guard;
    private final EventCodec codec;
    private final WebhookRepository webhooks;
    private final SecretBox secrets;

    public OutboundRoutes(IngestConfig config, UrlGuard guard, EventCodec codec, WebhookRepository webhooks,
            SecretBox secrets) {
        this.config = config;
        this.guard = guard;
        this.codec = codec;
        this.webhooks = webhooks;
        this.secrets = secrets;
    }

    /** The lane of an outbound event; empty for a bot notice no bot listens to (there is nobody to tell). */
    public Optional<String> lane(OutboundRequested out) {
        if (out.kind() == OutboundKind.MESSAGE) {
            Optional<String> platform = platformOf(out.channel()).flatMap(p -> channelOf(out, p)).map(id -> "channel:" + id);
            if (platform.isPresent()) {
                return platform;
            }
        }
        Optional<String> callback = callbackOf(out).map(name -> "callback:" + name);
        if (callback.isPresent() || out.kind() != OutboundKind.MESSAGE) {
            return callback;
        }
        return Optional.of(UNROUTABLE);
    }

    /** A call ready to be made, or why none can be. */
    public record Call(HttpRequest request, String target, SendResult refusal) {

        static Call refused(String reason) {
            return new Call(null, null, SendResult.undeliverable(reason));
        }
    }

    /** The call that delivers this attempt, as the configuration (and the webhook) stand now. */
    public Call call(Delivery delivery, Instant now) {
        if (delivery.webhookId() != null) {
            return webhookCall(delivery, now);
        }
        OutboundRequested out;
        try {
            out = (OutboundRequested) codec.decode(delivery.payload()).data();
        } catch (InvalidEventException | ClassCastException e) {
            return Call.refused("not an outbound event: " + e.getMessage());
        }
        IngestConfig.Outbound outbound = config.outbound();
        String key = delivery.eventId();
        if (delivery.lane().startsWith("channel:")) {
            String id = delivery.lane().substring("channel:".length());
            IngestConfig.WebhookChannel channel = config.channels().get(id);
            if (channel == null) {
                return Call.refused("channel " + id + " is no longer configured");
            }
            if (channel.platform() == IngestConfig.Platform.telegram) {
                Optional<String> chat = TelegramSend.chatId(out.conversationId());
                if (chat.isEmpty() || channel.botToken().isEmpty()) {
                    return Call.refused(chat.isEmpty()
                            ? "the conversation's Telegram chat is not known"
                            : "channel " + id + " has no bot token configured");
                }
                return new Call(TelegramSend.request(outbound.telegramUrl(), channel.botToken().get(), chat.get(), out.text(),
                        key, outbound.timeout()), "Telegram", null);
            }
            Optional<String> recipient = MetaSend.recipient(out.channel(), out.conversationId());
            if (recipient.isEmpty() || channel.accessToken().isEmpty()) {
                return Call.refused(recipient.isEmpty()
                        ? "the conversation's " + out.channel() + " visitor is not known"
                        : "channel " + id + " has no access token configured");
            }
            if (out.channel().equals("whatsapp")) {
                if (channel.phoneNumberId().isEmpty()) {
                    return Call.refused("channel " + id + " has no WhatsApp phone number id configured");
                }
                return new Call(
                        MetaSend.whatsapp(outbound.graphUrl(), channel.phoneNumberId().get(), channel.accessToken().get(),
                                recipient.get(), out.text(), key, outbound.timeout()),
                        "WhatsApp", null);
            }
            return new Call(MetaSend.messenger(outbound.graphUrl(), channel.pageId().orElse("me"), channel.accessToken().get(),
                    recipient.get(), out.text(), key, outbound.timeout()), "Messenger", null);
        }
        if (delivery.lane().startsWith("callback:")) {
            String name = delivery.lane().substring("callback:".length());
            IngestConfig.Callback callback = config.callbacks().get(name);
            if (callback == null) {
                return Call.refused("callback " + name + " is no longer configured");
            }
            Call refused = guarded(callback.url(), "the callback");
            if (refused != null) {
                return refused;
            }
            return new Call(CallbackSend.request(callback.url(), callback.secret(), delivery.payload(), key, key, now,
                    outbound.timeout()), "the bot's callback", null);
        }
        return Call.refused("no channel or callback is configured to deliver " + out.channel() + " replies of bot "
                + out.botId());
    }

    /** A webhook's call: the event as it was announced, signed with the webhook's secret, the delivery's id on every retry. */
    private Call webhookCall(Delivery delivery, Instant now) {
        Optional<WebhookTarget> webhook;
        try {
            webhook = webhooks.target(delivery.webhookId());
        } catch (SQLException e) {
            return new Call(null, null, SendResult.retry(0, "the webhook could not be read: " + e.getMessage(), null, 0));
        }
        if (webhook.isEmpty() || !webhook.get().enabled()) {
            return Call.refused(webhook.isEmpty() ? "the webhook was removed" : "the webhook is disabled");
        }
        Call refused = guarded(webhook.get().url(), "the webhook");
        if (refused != null) {
            return refused;
        }
        return new Call(CallbackSend.request(webhook.get().url(), secrets.open(webhook.get().sealedSecret()),
                delivery.payload(), "dlv_" + delivery.id(), delivery.eventId(), now, config.outbound().timeout()),
                "the webhook", null);
    }

    /** Null when the URL may be called now, else why not (checked after resolving its host, at each call). */
    private Call guarded(URI url, String what) {
        Optional<String> refused;
        try {
            refused = guard.refusal(url);
        } catch (UnknownHostException e) {
            return new Call(null, null, SendResult.retry(0, what + "'s host " + url.getHost() + " does not resolve", null, 0));
        }
        return refused.map(r -> Call.refused(what + "'s URL may not be called: " + r)).orElse(null);
    }

    private static Optional<IngestConfig.Platform> platformOf(String channel) {
        return switch (channel) {
            case "telegram" -> Optional.of(IngestConfig.Platform.telegram);
            case "messenger", "whatsapp" -> Optional.of(IngestConfig.Platform.meta);
            default -> Optional.empty();
        };
    }

    private Optional<String> channelOf(OutboundRequested out, IngestConfig.Platform platform) {
        return config.channels().entrySet().stream()
                .filter(c -> c.getValue().platform() == platform && c.getValue().workspace().equals(out.workspaceId())
                        && c.getValue().bot().equals(out.botId()))
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    private Optional<String> callbackOf(OutboundRequested out) {
        return config.callbacks().entrySet().stream().filter(c -> matches(c.getValue(), out))
                .min(Comparator.comparingInt((Map.Entry<String, IngestConfig.Callback> c) -> -specificity(c.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    private static boolean matches(IngestConfig.Callback callback, OutboundRequested out) {
        return callback.workspace().equals(out.workspaceId()) && callback.bot().map(out.botId()::equals).orElse(true)
                && callback.channel().map(out.channel()::equals).orElse(true);
    }

    /** Bot and channel first, then the bot, then the channel, then the workspace. */
    private static int specificity(IngestConfig.Callback callback) {
        return (callback.bot().isPresent() ? 2 : 0) + (callback.channel().isPresent() ? 1 : 0);
    }
}
