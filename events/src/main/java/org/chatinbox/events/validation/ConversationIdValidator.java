package org.chatinbox.events.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link ConversationId}: an identifier that is not one of the reserved words. */
public class ConversationIdValidator implements ConstraintValidator<ConversationId, CharSequence> {

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String id = value.toString();
        return !id.equals("counts") && !id.equals("bulk") && IdentifierValidator.isIdentifier(id, 128, true);
    }
}
