package org.chatinbox.events.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link Identifier}: 1–128 characters of {@code [A-Za-z0-9._:-]}, neither {@code .} nor {@code ..}. A loop over the
 * characters rather than the regular expression: every event carries four ids, and the regex engine was a quarter of ingest's
 * CPU.
 */
public class IdentifierValidator implements ConstraintValidator<Identifier, CharSequence> {

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value == null || isIdentifier(value, 128, true);
    }

    /**
     * {@code value} is 1 to {@code maxLength} characters of {@code [a-z0-9._-]}, plus {@code [A-Z:]} when allowed, and neither
     * {@code .} nor {@code ..}.
     */
    static boolean isIdentifier(CharSequence value, int maxLength, boolean upperCaseAndColon) {
        int length = value.length();
        if (length == 0 || length > maxLength) {
            return false;
        }
        // an id is a path segment of the API: "." and ".." would address the parent instead
        if (value.charAt(0) == '.' && (length == 1 || length == 2 && value.charAt(1) == '.')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
                    || upperCaseAndColon && (c >= 'A' && c <= 'Z' || c == ':');
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
