package org.chatinbox.api.codec;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.validation.Validator;

import org.chatinbox.events.EventCodec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The contract's codec, validating with the application's own Bean Validation; {@code inbox.events.max-future} is one setting
 * for the whole suite, so that what ingest accepts every consumer accepts too.
 */
public class CodecProducer {

    @Produces
    @ApplicationScoped
    EventCodec codec(Validator validator,
            @ConfigProperty(name = "inbox.events.max-future", defaultValue = "24h") Duration maxFuture) {
        return new EventCodec(validator, maxFuture);
    }
}
