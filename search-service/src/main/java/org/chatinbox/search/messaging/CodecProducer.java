package org.chatinbox.search.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.validation.Validator;

import org.chatinbox.events.EventCodec;

/** The contract's codec, validating with the application's own Bean Validation. */
public class CodecProducer {

    @Produces
    @ApplicationScoped
    EventCodec codec(Validator validator) {
        return new EventCodec(validator);
    }
}
