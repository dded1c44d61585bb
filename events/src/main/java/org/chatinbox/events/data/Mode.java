package org.chatinbox.events.data;

/** Who answers the visitor: the bot, or an agent who holds the conversation (the bot stays quiet). */
public enum Mode {
    BOT, HUMAN
}
