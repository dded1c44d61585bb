package org.chatinbox.summary.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a model answers is a summary only when it is one. */
class LlmAnswerTest {

    @Test
    void aJsonAnswerIsReadEvenInsideACodeFence() {
        var parsed = LlmSummarizer.parse("""
                ```json
                {"text": "The visitor wants a refund.", "keyPoints": ["a", "b", "c", "d", "e", 7, " "],
                 "visitorIntent": "Get a refund"}
                ```""");
        assertThat(parsed).isPresent();
        assertThat(parsed.get().text()).isEqualTo("The visitor wants a refund.");
        assertThat(parsed.get().keyPoints()).containsExactly("a", "b", "c", "d");
        assertThat(parsed.get().intent()).isEqualTo("Get a refund");
    }

    @Test
    void anythingElseIsNotASummary() {
        assertThat(LlmSummarizer.parse(null)).isEmpty();
        assertThat(LlmSummarizer.parse("I cannot help with that.")).isEmpty();
        assertThat(LlmSummarizer.parse("{\"keyPoints\": [\"no text\"]}")).isEmpty();
        assertThat(LlmSummarizer.parse("{\"text\": \"unclosed\"")).isEmpty();
        assertThat(LlmSummarizer.parse("{\"text\": \"  \"}")).isEmpty();
    }
}
