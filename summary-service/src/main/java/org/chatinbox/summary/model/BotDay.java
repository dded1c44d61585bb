package org.chatinbox.summary.model;

import java.time.LocalDate;

/**
 * A bot's figures for one UTC day (contract §4.1): conversations started that day, the share of them no human took part in, the
 * share of its replies that fell back, the share of the conversations that asked for a human, the ratings given that day, and
 * the median wait from the bot's request to a human taking over (null when none took over that day).
 */
public record BotDay(String botId, LocalDate day, int conversations, Double containmentRate, Double fallbackRate,
        Double handoffRate, int helpful, int unhelpful, Double medianSecondsToHuman) {
}
