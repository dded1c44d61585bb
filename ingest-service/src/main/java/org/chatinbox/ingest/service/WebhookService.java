package org.chatinbox.ingest.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.chatinbox.api.security.Caller;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.EventType;
import org.chatinbox.events.data.DeliveryState;
import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.ingest.model.Delivery;
import org.chatinbox.ingest.model.NewDelivery;
import org.chatinbox.ingest.model.SendResult;
import org.chatinbox.ingest.model.Webhook;
import org.chatinbox.ingest.model.WebhookAttempt;
import org.chatinbox.ingest.repository.DeliveryRepository;
import org.chatinbox.ingest.repository.WebhookRepository;
import org.chatinbox.ingest.security.SecretBox;
import org.chatinbox.ingest.security.UrlGuard;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.chatinbox.service.messaging.ConsumedEvent;

/**
 * Integration webhooks (admins only): registering one (its URL checked against server-side request forgery, its secret sealed),
 * listing and removing them, the calls made to each, sending a delivery again; and turning each announced event of a workspace
 * into one delivery per webhook that wants its type. Calls are made by the dispatcher like a channel's, on a lane of their own
 * per webhook; a webhook failing every call for {@code disable-after} is disabled.
 */
@ApplicationScoped
public class WebhookService {

    static final String ADMIN = "admin";

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final SecretBox secrets;
    private final UrlGuard guard;
    private final EventCodec codec;
    private final IngestConfig.Webhooks config;
    private final SecureRandom random = new SecureRandom();

    public WebhookService(WebhookRepository webhooks, DeliveryRepository deliveries, SecretBox secrets, UrlGuard guard,
            EventCodec codec, IngestConfig config) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.guard = guard;
        this.codec = codec;
        this.config = config.webhooks();
    }

    /** Registers a webhook; the answer is the only one that shows its secret. */
    @Transactional(rollbackOn = Exception.class)
    public Webhook register(Caller caller, String url, List<String> events, String secret) throws SQLException {
        requireAdmin(caller);
        URI target = checkedUrl(url);
        if (webhooks.lockAndCount(caller.workspace()) >= config.maxPerWorkspace()) {
            throw ProblemException.conflict("a workspace has at most " + config.maxPerWorkspace()
                    + " webhooks; remove one first");
        }
        String shown = secret == null ? secrets.newSecret() : secret;
        Webhook webhook = new Webhook("wh_" + HexFormat.of().formatHex(randomBytes(12)), target.toString(),
                List.copyOf(new LinkedHashSet<>(events)), true, null, null, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                caller.agent(), null);
        webhooks.insert(caller.workspace(), webhook, secrets.seal(shown));
        return webhook.withSecret(shown);
    }

    public List<Webhook> list(Caller caller) throws SQLException {
        requireAdmin(caller);
        return webhooks.list(caller.workspace());
    }

    /** Removes a webhook; what it still had to receive is dropped. */
    @Transactional(rollbackOn = Exception.class)
    public void delete(Caller caller, String id) throws SQLException {
        requireAdmin(caller);
        if (!webhooks.delete(caller.workspace(), id)) {
            throw notFound(id);
        }
        deliveries.abandon(Delivery.WEBHOOK_LANE + id, "the webhook was removed");
    }

    /** The calls made to a webhook, newest first. */
    public List<WebhookAttempt> attempts(Caller caller, String id, Long beforeId, int limit) throws SQLException {
        requireAdmin(caller);
        webhooks.find(caller.workspace(), id).orElseThrow(() -> notFound(id));
        return webhooks.attempts(id, beforeId, limit);
    }

    /** Sends a delivery of the webhook again, now (a disabled webhook is enabled again by it). */
    @Transactional(rollbackOn = Exception.class)
    public void redeliver(Caller caller, String id, long deliveryId) throws SQLException {
        requireAdmin(caller);
        Webhook webhook = webhooks.find(caller.workspace(), id).orElseThrow(() -> notFound(id));
        if (!webhook.enabled()) {
            webhooks.enable(id);
        }
        switch (deliveries.redeliver(Delivery.WEBHOOK_LANE + id, deliveryId)) {
            case SCHEDULED -> {
            }
            case IN_FLIGHT -> throw ProblemException.conflict("delivery " + deliveryId + " is being sent right now");
            case UNKNOWN -> throw ProblemException.notFound("webhook " + id + " has no delivery " + deliveryId);
        }
    }

    /** The deliveries of a consumed batch: each announced event, once per enabled webhook of its workspace that wants it. */
    @Transactional(rollbackOn = Exception.class)
    public int fanOut(List<ConsumedEvent> batch) throws SQLException {
        Set<String> workspaces = batch.stream().map(c -> c.event().data().workspaceId()).collect(Collectors.toSet());
        Map<String, List<WebhookRepository.Subscription>> byWorkspace = webhooks.subscriptions(workspaces).stream()
                .collect(Collectors.groupingBy(WebhookRepository.Subscription::workspaceId));
        List<NewDelivery> added = new ArrayList<>();
        for (ConsumedEvent consumed : batch) {
            CloudEvent<?> event = consumed.event();
            Optional<String> type = EventType.of(event.data()).announcedAs();
            List<WebhookRepository.Subscription> subscribed = byWorkspace.get(event.data().workspaceId());
            if (type.isEmpty() || subscribed == null) {
                continue;
            }
            byte[] payload = null;
            for (WebhookRepository.Subscription subscription : subscribed) {
                if (subscription.events().contains(type.get())) {
                    payload = payload == null ? codec.encode(event) : payload;
                    added.add(new NewDelivery(event.id(), type.get(), event.data().workspaceId(),
                            event.data().conversationId(), null, null, Delivery.WEBHOOK_LANE + subscription.id(), payload,
                            consumed.record().partition(), consumed.record().offset()));
                }
            }
        }
        deliveries.add(added);
        return added.size();
    }

    /** In the transaction that records an attempt on a webhook's lane: the call's row, and the webhook's health. */
    void attempted(Delivery delivery, SendResult result, DeliveryState state, Instant next, Instant now)
            throws SQLException {
        String webhookId = delivery.webhookId();
        String outcome = state.name().toLowerCase(java.util.Locale.ROOT);
        if (state == DeliveryState.DELIVERED) {
            webhooks.succeeded(webhookId);
        } else if (webhooks.failed(webhookId, now, config.disableAfter(), result.error())) {
            // this failure disabled the webhook: nothing more is tried
            deliveries.abandon(delivery.lane(), "the webhook was disabled");
            outcome = "failed";
            next = null;
        }
        webhooks.recordAttempt(webhookId, new WebhookAttempt(0, delivery.id(), delivery.eventId(), delivery.eventType(),
                delivery.attempt(), now, result.status() == 0 ? null : result.status(), result.millis(), outcome, next,
                result.error()));
    }

    /** Deletes the calls older than {@code before}, a bounded batch at a time. */
    public int purgeAttempts(Instant before) throws SQLException {
        return webhooks.deleteAttempts(before, 10_000);
    }

    private URI checkedUrl(String url) {
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            throw invalidUrl("must be an absolute http or https URL");
        }
        Optional<String> refused;
        try {
            refused = guard.refusal(target);
        } catch (UnknownHostException e) {
            throw invalidUrl("its host " + target.getHost() + " does not resolve");
        }
        if (refused.isPresent()) {
            throw invalidUrl("may not be called: " + refused.get());
        }
        return target;
    }

    private static ProblemException invalidUrl(String why) {
        return ProblemException.badRequest("the webhook's URL cannot be used", List.of(new Problem.FieldProblem("url", why)));
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("no webhook " + id);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.hasRole(ADMIN)) {
            throw ProblemException.forbidden("only an admin of the workspace may manage webhooks");
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
