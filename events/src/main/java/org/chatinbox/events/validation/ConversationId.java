package org.chatinbox.events.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;

/**
 * A conversation id: an {@link Identifier} that is not one of the reserved words {@code counts} and {@code bulk}, which name
 * gateway endpoints under {@code /conversations/}.
 */
@Documented
@Constraint(validatedBy = ConversationIdValidator.class)
@ReportAsSingleViolation
@NotNull
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
public @interface ConversationId {

    /** The rule as a regular expression, for JSON Schemas and documentation; {@link ConversationIdValidator} checks it. */
    String PATTERN = "(?!(counts|bulk)$)" + Identifier.PATTERN;

    String message() default "must be 1-128 characters of [A-Za-z0-9._:-], not . or .. and not 'counts' or 'bulk'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
