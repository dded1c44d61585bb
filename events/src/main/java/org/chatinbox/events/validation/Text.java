package org.chatinbox.events.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A text of {@code min} to {@code max} characters, counted as a person counts them: an emoji is one character, not the two
 * UTF-16 units {@code @Size} would count. Null is accepted (add {@code @NotNull} where it must be there).
 */
@Documented
@Constraint(validatedBy = Text.Validator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface Text {

    int min() default 0;

    int max();

    String message() default "must be {min} to {max} characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Text, CharSequence> {

        private int min;
        private int max;

        @Override
        public void initialize(Text text) {
            this.min = text.min();
            this.max = text.max();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int units = value.length();
            if (units >= min && units <= max) {
                // UTF-16 units are at least as many as code points: within the bounds either way unless surrogates
                // bring a text of more than max units under it
                return true;
            }
            int characters = Character.codePointCount(value, 0, units);
            return characters >= min && characters <= max;
        }
    }
}
