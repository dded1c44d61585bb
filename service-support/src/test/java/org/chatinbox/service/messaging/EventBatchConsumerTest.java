package org.chatinbox.service.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.chatinbox.api.messaging.EventTracing;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.service.config.ConsumerConfig;
import org.chatinbox.service.repository.DatabaseFailures;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;

/**
 * The idiom on its own, with a store that fails as real ones do: what is away is waited for and stored, what is refused is
 * dead-lettered alone, what is not an event never reaches the store. (The real servers' version: the outage tests.)
 */
class EventBatchConsumerTest {

    final List<String> deadLettered = new ArrayList<>();
    final StoreOutages outages = new StoreOutages();
    final EventBatchConsumer consumer = new EventBatchConsumer(
            new EventCodec(Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator())
                    .buildValidatorFactory().getValidator()),
            new DeadLetters(null, "test") {
                @Override
                public void send(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
                    deadLettered.add(record.key() + ": " + reason);
                }
            }, outages, new ConsumerConfig() {
                public Duration initialBackoff() {
                    return Duration.ofMillis(1);
                }

                public Duration maxBackoff() {
                    return Duration.ofMillis(4);
                }

                public Duration unreadyAfter() {
                    return Duration.ZERO;
                }

                public java.util.Optional<java.util.Set<String>> readyWithout() {
                    return java.util.Optional.empty();
                }
            }, new EventTracing(OpenTelemetry.noop()));

    /** A database: the batch in one transaction, failing as the test says. */
    static class FakeDatabase implements EventStore {
        final List<String> stored = new ArrayList<>();
        int awayFor;
        String refusedKey;
        boolean outageSeen;
        StoreOutages outages;

        @Override
        public List<Verdict> store(List<ConsumedEvent> batch) throws SQLException {
            if (awayFor > 0) {
                awayFor--;
                throw new SQLTransientConnectionException("Acquisition timeout while waiting for new connection");
            }
            if (outages != null && !outages.longerThan(Duration.ZERO).isEmpty()) {
                outageSeen = true;
            }
            if (batch.stream().anyMatch(e -> e.record().key().equals(refusedKey))) {
                throw new SQLException("invalid input syntax", "22P02");
            }
            batch.forEach(e -> stored.add(e.record().key()));
            return Verdict.allStored(batch.size());
        }

        @Override
        public Failure classify(Throwable failure) {
            return DatabaseFailures.classify(failure);
        }
    }

    @Test
    void aStoreAwayIsWaitedForAndEveryEventStoredOnceItIsBack() throws Exception {
        FakeDatabase database = new FakeDatabase();
        database.awayFor = 5;
        database.outages = outages;
        consumer.consume("messages", records("c1", "c2", "c3"), database);

        assertThat(database.stored).containsExactly("c1", "c2", "c3");
        assertThat(database.outageSeen).as("readiness told of the outage meanwhile").isTrue();
        assertThat(outages.longerThan(Duration.ZERO)).as("and no more once stored").isEmpty();
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aBatchRefusedForOneEventIsStoredOneByOneAndOnlyThatOneDeadLettered() throws Exception {
        FakeDatabase database = new FakeDatabase();
        database.refusedKey = "c2";
        consumer.consume("messages", records("c1", "c2", "c3"), database);

        assertThat(database.stored).containsExactly("c1", "c3");
        assertThat(deadLettered).singleElement().asString().startsWith("c2: refused by the store: invalid input syntax");
    }

    @Test
    void aRecordThatIsNoContractEventNeverReachesTheStore() throws Exception {
        FakeDatabase database = new FakeDatabase();
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records("c1").records(new TopicPartition("t", 0)));
        list.add(new ConsumerRecord<>("t", 0, 1, "bad", "{\"not\": \"an event\"}".getBytes(StandardCharsets.UTF_8)));
        consumer.consume("messages", new ConsumerRecords<>(Map.of(new TopicPartition("t", 0), list), Map.of()), database);

        assertThat(database.stored).containsExactly("c1");
        assertThat(deadLettered).singleElement().asString().startsWith("bad: not a contract event");
    }

    @Test
    void aBulkStoreRetriesOnlyWhatItDidNotTakeAndDeadLettersWhatItRefused() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        EventStore index = new EventStore() {
            @Override
            public List<Verdict> store(List<ConsumedEvent> batch) {
                calls.add(batch.stream().map(e -> e.record().key()).toList());
                if (calls.size() == 1) {
                    return List.of(Verdict.stored(), Verdict.away(), Verdict.refused("mapper_parsing_exception"));
                }
                return Verdict.allStored(batch.size());
            }

            @Override
            public Failure classify(Throwable failure) {
                return Failure.AWAY;
            }
        };
        consumer.consume("messages", records("c1", "c2", "c3"), index);

        assertThat(calls).containsExactly(List.of("c1", "c2", "c3"), List.of("c2"));
        assertThat(deadLettered).containsExactly("c3: refused by the store: mapper_parsing_exception");
    }

    @Test
    void aFailureTheStoreCannotClassifyIsWaitedForNotSkipped() throws Exception {
        int[] attempts = {0};
        List<String> stored = new ArrayList<>();
        EventStore store = new EventStore() {
            @Override
            public List<Verdict> store(List<ConsumedEvent> batch) {
                if (attempts[0]++ < 2) {
                    throw new IllegalStateException("ARJUNA016102: The transaction is not active!");
                }
                batch.forEach(e -> stored.add(e.record().key()));
                return Verdict.allStored(batch.size());
            }

            @Override
            public Failure classify(Throwable failure) {
                return Failure.UNEXPECTED;
            }
        };
        consumer.consume("messages", records("c1"), store);

        assertThat(stored).containsExactly("c1");
        assertThat(deadLettered).isEmpty();
    }

    static ConsumerRecords<String, byte[]> records(String... conversations) throws Exception {
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>();
        for (int i = 0; i < conversations.length; i++) {
            MessageCreated data = new MessageCreated("demo", "support-bot", "web", conversations[i], "m-" + i,
                    new Sender(Role.VISITOR, "v", null), "hello " + i, null, null, null);
            CloudEvent<MessageCreated> event = CloudEvent.of("evt-" + conversations[i], "/tests",
                    Instant.parse("2026-11-22T10:00:00Z"), data);
            list.add(new ConsumerRecord<>("t", 0, i, conversations[i], EventJson.mapper().writeValueAsBytes(event)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition("t", 0), list), Map.of());
    }
}
