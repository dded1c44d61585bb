package org.chatinbox.events.data;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.chatinbox.events.validation.ChannelName;
import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/** {@code inbox.message.created}: one message of a conversation, from a visitor, the bot or an agent. */
public record MessageCreated(
        @Identifier String workspaceId,
        @Identifier String botId,
        @ChannelName String channel,
        @ConversationId String conversationId,
        @Identifier String messageId,
        @NotNull @Valid Sender sender,
        @NotNull @Text(max = MessageCreated.MAX_TEXT_LENGTH) String text,
        @Valid BotReply bot,
        @Valid Session session,
        @Size(max = 20) List<@Valid Attachment> attachments) implements EventData {

    public static final int MAX_TEXT_LENGTH = 16_384;

    /** A copy with another session, keeping every other value. */
    public MessageCreated withSession(Session session) {
        return new MessageCreated(workspaceId, botId, channel, conversationId, messageId, sender, text, bot, session,
                attachments);
    }
}
