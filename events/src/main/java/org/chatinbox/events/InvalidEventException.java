package org.chatinbox.events;

import java.util.List;
import java.util.stream.Collectors;

/** An event that does not satisfy the contract, with every reason found. */
public class InvalidEventException extends Exception {

    private final List<FieldError> errors;

    public InvalidEventException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), null,
                false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
