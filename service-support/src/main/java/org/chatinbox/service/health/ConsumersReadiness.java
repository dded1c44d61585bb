package org.chatinbox.service.health;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.service.config.ConsumerConfig;
import org.chatinbox.service.messaging.StoreOutages;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a consumer waits for its store: the events are kept on Kafka meanwhile, and the backlog grows. A channel
 * named in {@code inbox.consumer.ready-without} is reported but leaves the service ready.
 */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {

    private final StoreOutages outages;
    private final ConsumerConfig config;

    public ConsumersReadiness(StoreOutages outages, ConsumerConfig config) {
        this.outages = outages;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka consumers storing their events").up();
        Set<String> readyWithout = config.readyWithout().orElse(Set.of());
        outages.longerThan(config.unreadyAfter()).forEach((channel, outage) -> {
            if (!readyWithout.contains(channel)) {
                response.down();
            }
            response.withData(channel, "waiting for the store since " + outage.since() + ": " + outage.reason());
        });
        return response.build();
    }
}
