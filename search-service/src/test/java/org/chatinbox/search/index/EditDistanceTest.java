package org.chatinbox.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The distance the marking of typos counts by, as the fuzzy match counts it. */
class EditDistanceTest {

    @Test
    void anInsertionADeletionAChangeAndASwapOfNeighboursAreOneEditEach() {
        assertThat(ConversationSearch.editDistance("refund", "refund")).isZero();
        assertThat(ConversationSearch.editDistance("refnd", "refund")).isEqualTo(1);
        assertThat(ConversationSearch.editDistance("refunds", "refund")).isEqualTo(1);
        assertThat(ConversationSearch.editDistance("refand", "refund")).isEqualTo(1);
        assertThat(ConversationSearch.editDistance("detriot", "detroit")).isEqualTo(1);
        assertThat(ConversationSearch.editDistance("flight", "fight")).isEqualTo(1);
        assertThat(ConversationSearch.editDistance("flight", "slight")).isEqualTo(1);
        assertThat(ConversationSearch.editDistance("hotel", "motels")).isEqualTo(2);
        assertThat(ConversationSearch.editDistance("", "abc")).isEqualTo(3);
    }
}
