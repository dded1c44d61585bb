package org.chatinbox.events.validation;

/**
 * The contract's rules for ids, channel names and text, for the callers that check a value outside an event (the gateway's
 * query parameters and path ids): the same rules the event records declare, so a value is refused alike everywhere.
 */
public final class ContractRules {

    public static final String IDENTIFIER_RULE = "must be 1-128 characters of [A-Za-z0-9._:-], not . or ..";
    public static final String CHANNEL_RULE = "must be 1-64 characters of [a-z0-9._-], not . or ..";

    private ContractRules() {
    }

    /** A workspace, bot, conversation, message or agent id ({@link Identifier}). */
    public static boolean isIdentifier(CharSequence value) {
        return value != null && IdentifierValidator.isIdentifier(value, 128, true);
    }

    /** A channel name ({@link ChannelName}). */
    public static boolean isChannel(CharSequence value) {
        return value != null && IdentifierValidator.isIdentifier(value, 64, false);
    }

    /**
     * What makes {@code text} unstorable, or null: U+0000 (PostgreSQL refuses it in text) or an unpaired surrogate (it cannot
     * be written as UTF-8 at all).
     */
    public static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "must not contain the character U+0000";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode: an unpaired surrogate at character " + i;
            }
        }
        return null;
    }

    /**
     * What is wrong with a label, or null: 1 to 64 characters (surrounding spaces aside), no comma (the list's separator), no
     * control character, no bidirectional override (a label that reads differently from what it is), and storable text.
     */
    public static String labelProblem(String label) {
        String trimmed = label.strip();
        int characters = trimmed.codePointCount(0, trimmed.length());
        if (characters < 1 || characters > 64) {
            return "must be 1 to 64 characters";
        }
        String text = textProblem(trimmed);
        if (text != null) {
            return text;
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ',') {
                return "must not contain a comma";
            }
            if (Character.getType(c) == Character.CONTROL) {
                return "must not contain control characters";
            }
            if (c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069') {
                return "must not contain bidirectional overrides";
            }
        }
        return null;
    }
}
