package org.chatinbox.search.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.junit.jupiter.api.Test;

class ConversationDocumentTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void messagesThatArriveLateAreKeptInTheOrderTheyWereSent() {
        ConversationDocument document = new ConversationDocument();
        // fractions of a second make the times' texts sort otherwise than the times do
        int[] millis = {3_000, 1_500, 4_000, 1_000, 2_000, 2_000, 500};
        String[] ids = {"m-d", "m-b", "m-e", "m-a", "m-c2", "m-c1", "m-0"};
        for (int i = 0; i < ids.length; i++) {
            assertThat(document.apply(message(ids[i], T0.plusMillis(millis[i])), 5_000)).isTrue();
        }

        assertThat(document.messages).extracting(IndexedMessage::messageId)
                .containsExactly("m-0", "m-a", "m-b", "m-c1", "m-c2", "m-d", "m-e");
        assertThat(document.firstMessageAt).isEqualTo(T0.plusMillis(500).toString());
        assertThat(document.lastMessageAt).isEqualTo(T0.plusMillis(4_000).toString());
        assertThat(document.messageCount).isEqualTo(7);
    }

    @Test
    void aMessageDeliveredAgainChangesNothing() {
        ConversationDocument document = new ConversationDocument();
        document.apply(message("m-1", T0), 5_000);
        document.apply(message("m-2", T0.plusSeconds(1)), 5_000);

        assertThat(document.apply(message("m-1", T0), 5_000)).isFalse();
        assertThat(document.messages).extracting(IndexedMessage::messageId).containsExactly("m-1", "m-2");
        assertThat(document.messageCount).isEqualTo(2);
    }

    @Test
    void aLongConversationKeepsItsLatestMessages() {
        ConversationDocument document = new ConversationDocument();
        for (int i = 5; i >= 0; i--) {
            document.apply(message("m-" + i, T0.plusSeconds(i)), 3);
        }
        document.apply(message("m-6", T0.plusSeconds(6)), 3);

        assertThat(document.messages).extracting(IndexedMessage::messageId).containsExactly("m-4", "m-5", "m-6");
        assertThat(document.messageCount).isEqualTo(7);
    }

    private static CloudEvent<MessageCreated> message(String id, Instant at) {
        return CloudEvent.of("evt-" + id, "/tests", at, new MessageCreated("demo", "support-bot", "web", "conv-1", id,
                new Sender(Role.VISITOR, "v-1", "Ada"), "hello " + id, null, null, null));
    }
}
