package org.chatinbox.ingest.channel;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The outbound half of a Telegram channel: the Bot API's {@code sendMessage} to the chat the conversation came from. The chat
 * is in the conversation id ({@code tg:<chat_id>}, as {@link TelegramUpdates} made it). Telegram has no idempotency field of
 * its own; the call carries the {@code Idempotency-Key} header all the same.
 */
public final class TelegramSend {

    private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,20}");

    private TelegramSend() {
    }

    /** The Telegram chat of a conversation made from Telegram updates. */
    public static Optional<String> chatId(String conversationId) {
        if (!conversationId.startsWith("tg:")) {
            return Optional.empty();
        }
        String chat = conversationId.substring("tg:".length());
        return CHAT_ID.matcher(chat).matches() ? Optional.of(chat) : Optional.empty();
    }

    /** The call; its URL holds the bot token, so it is never logged. */
    public static HttpRequest request(URI api, String botToken, String chatId, String text, String idempotencyKey,
            Duration timeout) {
        URI uri = URI.create(api.toString().replaceAll("/+$", "") + "/bot" + botToken + "/sendMessage");
        byte[] body = OutboundHttp.json(OutboundHttp.object("chat_id", Long.parseLong(chatId), "text", text));
        return OutboundHttp.post(uri, "application/json", body, idempotencyKey, timeout).build();
    }
}
