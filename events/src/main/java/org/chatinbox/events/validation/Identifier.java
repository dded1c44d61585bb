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
 * A workspace, bot, conversation or message id: 1–128 characters of {@code [A-Za-z0-9._:-]} (contract §2). Null is refused too,
 * so a missing id is reported by name.
 */
@Documented
@Constraint(validatedBy = IdentifierValidator.class)
@ReportAsSingleViolation
@NotNull
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
public @interface Identifier {

    /** The rule as a regular expression, for JSON Schemas and documentation; {@link IdentifierValidator} checks it. */
    String PATTERN = "(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}";

    String message() default ContractRules.IDENTIFIER_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
