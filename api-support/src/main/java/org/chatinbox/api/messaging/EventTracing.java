package org.chatinbox.api.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * One message's trace across Kafka: the producer puts the current trace context (W3C {@code traceparent}) in the record's
 * headers, and each consumer records a span, child of it, for the time from taking the record to having stored (or streamed)
 * it. Records that carry no trace are not traced here: a trace follows what a request started. With the SDK off (the default
 * unless an OTLP endpoint is configured) all of it is a no-op.
 */
@ApplicationScoped
public class EventTracing {

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final TextMapPropagator propagator;
    private final Tracer tracer;

    public EventTracing(OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.tracer = openTelemetry.getTracer("org.chatinbox");
    }

    /** The current trace context (the request being served), as headers for the records it produces. */
    public List<Header> headers() {
        List<Header> headers = new ArrayList<>(2);
        propagator.inject(Context.current(), headers,
                (carrier, key, value) -> carrier.add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8))));
        return headers;
    }

    /** A consumer stored the record: from {@code startNanos} (epoch nanoseconds, when it took the batch) to now. */
    public void stored(ConsumerRecord<?, ?> record, long startNanos) {
        Span span = span("process", record, startNanos);
        if (span != null) {
            span.end();
        }
    }

    /** The gateway streamed the record to {@code clients} connected clients, from {@code startNanos} to now. */
    public void streamed(ConsumerRecord<?, ?> record, long startNanos, int clients) {
        Span span = span("push", record, startNanos);
        if (span != null) {
            span.setAttribute("chatinbox.stream.clients", clients);
            span.end();
        }
    }

    /** A consumer's span for the record, child of the trace in its headers; null when it carries none. */
    private Span span(String operation, ConsumerRecord<?, ?> record, long startNanos) {
        Context parent = propagator.extract(Context.root(), record.headers(), HEADERS);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return null;
        }
        return tracer.spanBuilder(operation + " " + record.topic()).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS).setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.name", operation)
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset()).startSpan();
    }

    /** Now, in epoch nanoseconds: when a consumer takes a batch. */
    public static long now() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
