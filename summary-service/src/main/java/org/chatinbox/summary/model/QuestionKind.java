package org.chatinbox.summary.model;

/** Which insight a visitor question feeds. */
public enum QuestionKind {
    /** A question the bot failed (fell back, was rated unhelpful, or asked for a human): the knowledge gaps. */
    GAP("gap"),
    /** A conversation's first substantive question: the top questions. */
    QUESTION("question");

    private final String column;

    QuestionKind(String column) {
        this.column = column;
    }

    /** Its value in the {@code kind} columns. */
    public String column() {
        return column;
    }
}
