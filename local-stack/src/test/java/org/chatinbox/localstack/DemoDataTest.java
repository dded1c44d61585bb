package org.chatinbox.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Validation;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.junit.jupiter.api.Test;

class DemoDataTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final EventCodec codec = new EventCodec(Validation.buildDefaultValidatorFactory().getValidator());
    private final List<CloudEvent<?>> events = DemoData.events(NOW);

    @Test
    void everyBatchIsOneIngestAccepts() throws Exception {
        for (int from = 0; from < events.size(); from += DemoLoader.BATCH) {
            List<CloudEvent<?>> batch = events.subList(from, Math.min(from + DemoLoader.BATCH, events.size()));
            List<CloudEvent<?>> decoded = codec.decodeBatch(EventJson.mapper().writeValueAsBytes(batch), DemoLoader.BATCH);
            assertThat(decoded).containsExactlyElementsOf(batch);
        }
    }

    @Test
    void threeHundredRealDialoguesInTheDemoWorkspaceOverTheLastWeek() {
        List<MessageCreated> messages = events.stream().map(CloudEvent::data).filter(MessageCreated.class::isInstance)
                .map(MessageCreated.class::cast).toList();
        assertThat(messages).hasSize(5_623);
        assertThat(messages.stream().map(MessageCreated::conversationId).distinct()).hasSize(302);
        assertThat(events).allSatisfy(e -> assertThat(e.time()).isBetween(NOW.minus(Duration.ofDays(8)), NOW.plusSeconds(10)));
        assertThat(events.stream().map(e -> e.data().conversationId()))
                .allMatch(id -> id.startsWith("demo-star-"));
        assertThat(messages).extracting(MessageCreated::workspaceId).containsOnly(DemoData.WORKSPACE);
        assertThat(messages).extracting(MessageCreated::channel).containsOnly("web", "telegram", "messenger", "whatsapp");
        assertThat(messages).extracting(MessageCreated::botId).containsOnly("travel-bot", "booking-bot", "help-bot");
        // the dialogues' own words, in their order, each conversation's newest message last
        assertThat(messages.get(0).text()).isEqualTo(
                "Hello, I'm really worried. I forgot what I'm supposed to do and forgot to write it down... What do I do?");
        assertThat(messages.get(0).sender().role()).isEqualTo(Role.VISITOR);
        assertThat(messages.get(0).channel()).isEqualTo("web");
        assertThat(messages.get(0).session().city()).isEqualTo("Lyon");
        // a browser's session only on the web channel
        assertThat(messages).filteredOn(m -> !m.channel().equals("web")).allMatch(m -> m.session() == null);
    }

    @Test
    void theInboxHasFailuresRequestsForAHumanRatingsAndSessionsToShow() {
        Map<Class<?>, Long> kinds = events.stream()
                .collect(Collectors.groupingBy(e -> e.data().getClass(), Collectors.counting()));
        assertThat(kinds.get(HandoffRequested.class)).isGreaterThan(10);
        assertThat(kinds.get(FeedbackRecorded.class)).isGreaterThan(50);
        List<MessageCreated> messages = events.stream().map(CloudEvent::data).filter(MessageCreated.class::isInstance)
                .map(MessageCreated.class::cast).toList();
        assertThat(messages.stream().filter(m -> m.bot() != null && Boolean.TRUE.equals(m.bot().fallback())).count())
                .isGreaterThan(30);
        assertThat(messages.stream().filter(m -> m.session() != null).map(m -> m.session().userAgent()).distinct().count())
                .isGreaterThan(2);
    }

    @Test
    void loadingTwiceSendsTheSameIds() {
        Set<String> ids = events.stream().map(CloudEvent::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(events.size());
        assertThat(DemoData.events(NOW.plusSeconds(3600)).stream().map(CloudEvent::id).collect(Collectors.toSet()))
                .isEqualTo(ids);
    }
}
