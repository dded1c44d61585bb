package org.chatinbox.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chatinbox.gateway.EndToEndIT.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.chatinbox.testsupport.FakePlatform;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The web inbox in a real browser (Debian's headless Chromium) at the gateway, against every service of the suite from its jar
 * on the build's real Kafka, PostgreSQL and Elasticsearch: what an agent sees and does, clicked and typed as a person would.
 * Agents' replies on the web channel go to the bot's callback, a fake on port 18481 of loopback that accepts them.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service,summary-service"))
class WebInboxBrowserIT {

    static FakePlatform callbacks;

    @BeforeAll
    static void browserAndCallbacks() {
        Browser.missing().ifPresent(path -> {
            String banner = "\n" + "!".repeat(100) + "\n!!! The web inbox's browser tests did NOT run: " + path
                    + " is missing.\n"
                    + "!!! Install Chromium and its driver (Debian: apt-get install chromium chromium-driver), or set CHROME_BIN and"
                    + " CHROMEDRIVER.\n" + "!".repeat(100);
            System.err.println(banner);
            Assumptions.abort(banner);
        });
        callbacks = FakePlatform.start(18481);
    }

    @AfterAll
    static void close() {
        if (callbacks != null) {
            callbacks.close();
        }
    }

    static String base() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    @Test
    void aNewMessageMovesItsConversationToTheTopOfTheOpenListWithoutAReloadAndKeepsDoingSoAfterTheStreamDrops() {
        String older = conversation();
        String newer = conversation();
        visitorWrites(older, "msg-1", "Visitor", "Is my order on its way?");
        visitorWrites(newer, "msg-1", "Visitor", "Do you ship to Canada?");
        known(older);
        known(newer);
        try (Browser alice = Browser.open(base()).signIn("demo-alice-key")) {
            alice.until(() -> newer.equals(topOfTheList(alice)));

            visitorWrites(older, "msg-2", "Visitor", "Hello? Anyone there?");
            alice.until(Duration.ofSeconds(2), () -> older.equals(topOfTheList(alice)));
            assertThat(alice.text("#conversations li:first-child .preview")).isEqualTo("visitor: Hello? Anyone there?");

            // the connection drops as a network failure would; the stream comes back by itself and catches up
            alice.script("window.inboxStream.interrupt()");
            String third = conversation();
            visitorWrites(third, "msg-1", "Sam", "Can I change my delivery address?");
            alice.until(() -> third.equals(topOfTheList(alice)));
            assertThat(alice.text("#live-state")).isEqualTo("Live");
            alice.screenshot("list");

            // j moves the cursor down the list, k back up, Enter opens the conversation under it
            alice.one("body").sendKeys("j");
            alice.until(() -> alice.all("#conversations li.cursor").size() == 1);
            alice.script("document.activeElement.blur()");
            alice.one("body").sendKeys("j", "k", Keys.ENTER);
            alice.until(() -> alice.text("#conversation-title").equals("Sam"));
        }
    }

    @Test
    void aVisitorsHtmlIsShownAsTextAndSearchHighlightsTheMatch() {
        String word = "zorbly" + letters(6);
        String conversation = conversation();
        visitorWrites(conversation, "msg-1", "<script>window.pwned = 2</script>",
                "<img src=x onerror=\\\"window.pwned = 1\\\"> where is my " + word + " parcel? <b>late</b>");
        Awaitility.await().atMost(Browser.PATIENCE).until(() -> agent("demo-alice-key").queryParam("q", word)
                .get("/api/v1/search").then().statusCode(200).extract().jsonPath().getInt("total") == 1);

        try (Browser alice = Browser.open(base()).signIn("demo-alice-key")) {
            WebElement search = alice.one("#search");
            search.sendKeys(word, Keys.ENTER);
            alice.until(() -> alice.text("#conversations mark").equalsIgnoreCase(word));
            assertThat(alice.text("#list-summary")).isEqualTo("1 matching message");
            assertThat(alice.text("#conversations li .preview"))
                    .isEqualTo("<img src=x onerror=\"window.pwned = 1\"> where is my " + word + " parcel? <b>late</b>");

            alice.one("#conversations li").click();
            alice.until(() -> alice.text("#conversation-title").equals("<script>window.pwned = 2</script>"));
            assertThat(alice.text("#messages .message.visitor .text")).startsWith("<img src=x onerror=");
            // nothing the visitor wrote became an element or ran
            assertThat(alice.all("#app img, #app b, #app script")).isEmpty();
            assertThat(alice.script("return window.pwned === undefined")).isEqualTo(true);
        }
    }

    @Test
    void anAgentTakesOverRepliesSeesItDeliveredAndHandsBackWhileASecondAgentIsToldWhoHoldsIt() {
        String conversation = conversation();
        visitorWrites(conversation, "msg-1", "Dana", "I want to talk to a person");
        known(conversation);
        try (Browser alice = Browser.open(base()).signIn("demo-alice-key");
                Browser bob = Browser.open(base()).signIn("demo-bob-key")) {
            alice.go("#/inbox/" + conversation);
            bob.go("#/inbox/" + conversation);
            alice.click("#takeover");
            alice.until(() -> alice.text("#conversation-mode").equals("human: alice"));
            // Bob's screen learns it from the stream, and his take-over is refused in words
            bob.until(() -> bob.text("#conversation-mode").equals("human: alice"));
            bob.click("#takeover");
            bob.until(() -> bob.text("#action-error").equals("alice already holds this conversation"));

            alice.type("#reply", "Hi Dana, Alice here. How can I help?");
            alice.click("#send");
            alice.until(() -> alice.text("#messages .message.agent .text").equals("Hi Dana, Alice here. How can I help?"));
            alice.until(
                    () -> "delivered".equals(alice.one("#messages .message.agent .delivery").getAttribute("data-delivery")));
            alice.screenshot("conversation");

            alice.click("#handback");
            alice.until(() -> alice.text("#conversation-mode").equals("bot"));
            bob.until(() -> bob.text("#conversation-mode").equals("bot"));
            alice.until(() -> alice.text("#history").contains("alice"));
        }
    }

    @Test
    void anotherWorkspacesAgentSeesNoneOfIt() {
        String word = "quillet" + letters(6);
        String conversation = conversation();
        visitorWrites(conversation, "msg-1", "Dana", "a question about " + word);
        known(conversation);
        Awaitility.await().atMost(Browser.PATIENCE).until(() -> agent("demo-alice-key").queryParam("q", word)
                .get("/api/v1/search").then().statusCode(200).extract().jsonPath().getInt("total") == 1);

        try (Browser olga = Browser.open(base()).signIn("other-olga-key")) {
            olga.until(() -> !olga.all("#conversations li").isEmpty()
                    || olga.text("#list-summary").equals("No conversations here."));
            assertThat(olga.all("#conversations li[data-id='" + conversation + "']")).isEmpty();
            olga.one("#search").sendKeys(word, Keys.ENTER);
            olga.until(() -> olga.text("#list-summary").equals("0 matching messages"));

            olga.go("#/inbox/" + conversation);
            olga.until(() -> olga.text("#conversation .error").equals("This conversation does not exist in your workspace."));
        }
    }

    @Test
    void insightsShowTheBotsGapsAndQuestionsAsTablesAndItsPerformanceAsAChart() {
        String bot = "bot-" + letters(8);
        String conversation = conversation();
        String question = "Can I pay with a gift card from last year?";
        visitorWrites(conversation, "msg-1", "Dana", question, bot);
        botFallsBack(conversation, bot);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> agent("demo-alice-key").queryParam("botId", bot)
                .get("/api/v1/insights/knowledge-gaps").then().statusCode(200).extract().jsonPath().getList("items")
                .size() == 1);

        try (Browser alice = Browser.open(base()).signIn("demo-alice-key")) {
            alice.one("#nav-insights").click();
            alice.one(".insights input[name=botId]").sendKeys(bot, Keys.TAB);
            alice.until(() -> alice.text("#knowledge-gaps tbody td").equals(question));
            alice.until(() -> alice.text("#top-questions tbody td").equals(question));
            alice.until(() -> !alice.all("#performance-chart polyline, #performance-chart circle").isEmpty());
            assertThat(alice.text("#bot-performance table.performance tbody td:nth-child(2)")).isEqualTo("1");
            alice.screenshot("insights");
            // a question links to its conversation
            alice.one("#knowledge-gaps tbody a").click();
            alice.until(() -> alice.text("#conversation-title").equals("Dana"));
        }
    }

    static String topOfTheList(Browser browser) {
        return browser.one("#conversations li:first-child").getAttribute("data-id");
    }

    static String conversation() {
        return "conv-web-" + UUID.randomUUID();
    }

    static String letters(int n) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < n; i++) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return word.toString();
    }

    static void visitorWrites(String conversation, String messageId, String name, String text) {
        visitorWrites(conversation, messageId, name, text, "support-bot");
    }

    static void visitorWrites(String conversation, String messageId, String name, String text, String bot) {
        WebChannel.visitorWrites(given(), conversation, messageId, name, text, bot);
    }

    static void botFallsBack(String conversation, String bot) {
        given().header("X-API-Key", "demo-channel-key").contentType("application/cloudevents+json")
                .body("""
                        {"specversion": "1.0", "id": "evt-%1$s-bot", "source": "/channels/web", "type": "inbox.message.created",
                         "time": "%2$s", "data": {"workspaceId": "demo", "botId": "%3$s", "channel": "web",
                         "conversationId": "%1$s", "messageId": "msg-bot", "sender": {"role": "bot", "id": "%3$s"},
                         "text": "Sorry, I did not understand.", "bot": {"fallback": true}}}""".formatted(conversation,
                        Instant.now(), bot))
                .post("/api/v1/ingest/events").then().statusCode(202);
    }

    static void known(String conversation) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> agent("demo-alice-key").get("/api/v1/conversations/" + conversation).then().statusCode(200));
    }
}
