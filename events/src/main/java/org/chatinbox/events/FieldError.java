package org.chatinbox.events;

/**
 * One reason an event was refused: the JSON path of the offending field ({@code data.sender.role}, or {@code [3].data.text}
 * inside a batch) and what is wrong with it.
 */
public record FieldError(String field, String message) {

    /** The same error, located in element {@code index} of a batch. */
    public FieldError inBatch(int index) {
        return new FieldError("[" + index + "]" + (field.isEmpty() ? "" : "." + field), message);
    }
}
