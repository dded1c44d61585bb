package org.chatinbox.summary.model;

import java.time.LocalDate;

/** What one batch adds to a bot's day: each field a count to add (a replaced rating subtracts). */
public record BotDayCounts(String workspaceId, String botId, LocalDate day, int conversations, int handoffs, int withHuman,
        int botMessages, int fallbacks, int helpful, int unhelpful) {

    public static BotDayCounts zero(String workspaceId, String botId, LocalDate day) {
        return new BotDayCounts(workspaceId, botId, day, 0, 0, 0, 0, 0, 0, 0);
    }

    public BotDayCounts plus(BotDayCounts other) {
        return new BotDayCounts(workspaceId, botId, day, conversations + other.conversations, handoffs + other.handoffs,
                withHuman + other.withHuman, botMessages + other.botMessages, fallbacks + other.fallbacks,
                helpful + other.helpful, unhelpful + other.unhelpful);
    }
}
