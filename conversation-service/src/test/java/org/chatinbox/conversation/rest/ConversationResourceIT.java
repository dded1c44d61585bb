package org.chatinbox.conversation.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.DeliveryState;
import org.chatinbox.events.data.DeliveryUpdated;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.Outcome;
import org.chatinbox.events.data.Rating;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Session;
import org.chatinbox.events.data.Status;
import org.chatinbox.events.data.SummaryUpdated;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The read model fed from real Kafka into real PostgreSQL, read back the way the gateway reads it. */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "conversation_test"))
class ConversationResourceIT {

    static final Instant T0 = Instant.parse("2026-11-22T10:15:30.120Z");
    static Channel channel;

    @BeforeAll
    static void openChannel() {
        channel = new Channel();
    }

    @AfterAll
    static void closeChannel() {
        channel.close();
    }

    @Test
    void messagesBuildTheConversationOfTheList() {
        String conv = Channel.newConversation();
        Session lyon = new Session("203.0.113.7", "UA", "Lyon", "FR", "fr-FR", "https://shop.example/help", "mobile", "Safari",
                "iOS");
        channel.send(Channel.message("demo", conv, "m1", Role.VISITOR, "How do I reset my password?", T0, lyon));
        channel.send(Channel.message("demo", conv, "m2", Role.BOT, "You can reset it from Settings.", T0.plusSeconds(2), null));

        JsonPath item = awaitConversation(conv, c -> c.getInt("messageCount") == 2);
        assertThat(item.getString("botId")).isEqualTo("support-bot");
        assertThat(item.getString("channel")).isEqualTo("web");
        assertThat(item.getString("visitor.name")).isEqualTo("Dana");
        assertThat(item.getString("status")).isEqualTo("open");
        assertThat(item.getString("mode")).isEqualTo("BOT");
        assertThat(item.getString("startedAt")).isEqualTo("2026-11-22T10:15:30.120Z");
        assertThat(item.getString("lastMessageAt")).isEqualTo("2026-11-22T10:15:32.120Z");
        assertThat(item.getString("lastMessage.id")).isEqualTo("m2");
        assertThat(item.getString("lastMessage.role")).isEqualTo("bot");
        assertThat(item.getString("session.city")).isEqualTo("Lyon");
        assertThat(item.getString("session.device")).isEqualTo("mobile");
    }

    @Test
    void duplicateEventIsStoredOnce() {
        String conv = Channel.newConversation();
        CloudEvent<MessageCreated> hello = Channel.visitor(conv, "m1", "hello", T0);
        channel.send(hello);
        channel.send(hello);
        channel.send(Channel.visitor(conv, "m2", "anyone?", T0.plusSeconds(1)));

        awaitConversation(conv, c -> c.getString("lastMessage.id").equals("m2"));
        assertThat(messages(conv, "asc").getList("items.id")).containsExactly("m1", "m2");
        assertThat(conversation(conv).getInt("messageCount")).isEqualTo(2);
    }

    @Test
    void sameMessageIdUnderANewEventIdIsStoredOnce() {
        String conv = Channel.newConversation();
        channel.send(Channel.visitor(conv, "m1", "hello", T0));
        channel.send(Channel.visitor(conv, "m1", "hello (retried by the channel)", T0));
        channel.send(Channel.visitor(conv, "m2", "anyone?", T0.plusSeconds(1)));

        awaitConversation(conv, c -> c.getString("lastMessage.id").equals("m2"));
        // batches apply concurrently, so either copy may be the one applied first; there is only ever one
        assertThat(messages(conv, "asc").getList("items.id")).containsExactly("m1", "m2");
        assertThat(messages(conv, "asc").getString("items[0].text")).isIn("hello", "hello (retried by the channel)");
        assertThat(conversation(conv).getInt("messageCount")).isEqualTo(2);
    }

    @Test
    void lateMessagesTakeTheirPlaceByTime() {
        String conv = Channel.newConversation();
        Session old = new Session(null, null, "Paris", "FR", null, null, null, null, null);
        Session latest = new Session(null, null, "Lyon", "FR", null, null, null, null, null);
        channel.send(Channel.message("demo", conv, "m3", Role.VISITOR, "third", T0.plusSeconds(30), latest));
        channel.send(Channel.message("demo", conv, "m1", Role.VISITOR, "first", T0, old));
        channel.send(Channel.message("demo", conv, "m2", Role.BOT, "second", T0.plusSeconds(10), null));

        JsonPath item = awaitConversation(conv, c -> c.getInt("messageCount") == 3);
        assertThat(item.getString("lastMessage.id")).isEqualTo("m3");
        assertThat(item.getString("startedAt")).isEqualTo("2026-11-22T10:15:30.120Z");
        assertThat(item.getString("session.city")).isEqualTo("Lyon");
        assertThat(messages(conv, "asc").getList("items.id")).containsExactly("m1", "m2", "m3");
        assertThat(messages(conv, "desc").getList("items.id")).containsExactly("m3", "m2", "m1");
    }

    @Test
    void feedbackIsCountedAndTheLatestRatingWins() {
        String conv = Channel.newConversation();
        channel.send(Channel.message("demo", conv, "b1", Role.BOT, "Try restarting.", T0, null));
        channel.send(Channel.event("fb-" + UUID.randomUUID(), T0.plusSeconds(5),
                new FeedbackRecorded("demo", conv, "b1", Rating.UNHELPFUL, null)));
        channel.send(Channel.event("fb-" + UUID.randomUUID(), T0.plusSeconds(9),
                new FeedbackRecorded("demo", conv, "b1", Rating.HELPFUL, "it worked after all")));

        JsonPath item = awaitConversation(conv, c -> c.getInt("feedback.helpful") == 1);
        assertThat(item.getInt("feedback.unhelpful")).isZero();
        assertThat(messages(conv, "asc").getString("items[0].feedback")).isEqualTo("helpful");
    }

    @Test
    void anAgentsReplyShowsHowFarItsDeliveryGotWhateverComesFirst() {
        String conv = Channel.newConversation();
        channel.send(Channel.message("demo", conv, "v1", Role.VISITOR, "Is anyone there?", T0, null));
        // the outcome of the first attempt may be read before the reply itself: it waits for it
        channel.send(Channel.event("dlv-" + UUID.randomUUID(), T0.plusSeconds(3),
                new DeliveryUpdated("demo", conv, "a1", DeliveryState.RETRYING, 1, "Telegram answered 429")));
        channel.send(Channel.message("demo", conv, "a1", Role.AGENT, "Alice here, how can I help?", T0.plusSeconds(2), null));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> messages(conv, "asc").getList("items.deliveryState"),
                        s -> s.equals(Arrays.asList(null, "retrying")));
        // a later attempt wins; an outcome of an earlier attempt read late changes nothing
        channel.send(Channel.event("dlv-" + UUID.randomUUID(), T0.plusSeconds(5),
                new DeliveryUpdated("demo", conv, "a1", DeliveryState.DELIVERED, 2, null)));
        channel.send(Channel.event("dlv-" + UUID.randomUUID(), T0.plusSeconds(6),
                new DeliveryUpdated("demo", conv, "a1", DeliveryState.RETRYING, 1, "Telegram answered 429")));
        // a second reply's outcome, behind the others on the same partition: once it shows, they have been applied
        channel.send(Channel.event("dlv-" + UUID.randomUUID(), T0.plusSeconds(7),
                new DeliveryUpdated("demo", conv, "a2", DeliveryState.FAILED, 1, "refused")));
        channel.send(Channel.message("demo", conv, "a2", Role.AGENT, "Are you still there?", T0.plusSeconds(4), null));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> messages(conv, "asc").getList("items.deliveryState"),
                        s -> s.size() == 3 && "failed".equals(s.get(2)));
        assertThat(messages(conv, "asc").getList("items.deliveryState")).containsExactly(null, "delivered", "failed");
    }

    @Test
    void handoffRequestShowsTheConversationAsNeedingAHuman() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        String conv = Channel.newConversation();
        String calm = Channel.newConversation();
        for (String id : List.of(conv, calm)) {
            channel.send(Channel.event("evt-" + UUID.randomUUID(), T0, new MessageCreated("demo", bot, "web", id, "m1",
                    new org.chatinbox.events.data.Sender(Role.VISITOR, "v", null), "I want a human", null, null, null)));
        }
        channel.send(Channel.event("ho-" + UUID.randomUUID(), T0.plusSeconds(1),
                new HandoffRequested("demo", conv, "visitor asked")));

        awaitConversation(conv, c -> c.getBoolean("needsHuman"));
        assertThat(Inbox.demo().queryParam("botId", bot).queryParam("needsHuman", true).get("/api/v1/conversations")
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(conv);
    }

    @Test
    void newsArrivingRightBehindTheFirstMessageIsNeverLost() {
        // batches apply concurrently, and the handoff topic beside the messages: a handoff request or a rating applied while
        // the conversation's first message is still uncommitted, or not written yet, must show once both are in
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        int n = 40;
        for (int i = 0; i < n; i++) {
            String conv = Channel.newConversation();
            CloudEvent<?> message = Channel.event("evt-" + UUID.randomUUID(), T0, new MessageCreated("demo", bot, "web", conv,
                    "b1", new org.chatinbox.events.data.Sender(Role.BOT, bot, null), "Shall I get you a human?", null, null,
                    null));
            CloudEvent<?> rating = Channel.event("fb-" + UUID.randomUUID(), T0.plusSeconds(2),
                    new FeedbackRecorded("demo", conv, "b1", Rating.UNHELPFUL, null));
            // every other rating comes before its message (a widget's retry, a replay)
            channel.send(i % 2 == 0 ? message : rating);
            channel.send(Channel.event("ho-" + UUID.randomUUID(), T0.plusSeconds(1),
                    new HandoffRequested("demo", conv, "visitor asked")));
            channel.send(i % 2 == 0 ? rating : message);
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath all = page(bot, null, null, 100);
            assertThat(all.getList("items")).hasSize(n);
            assertThat(all.getList("items.needsHuman", Boolean.class)).containsOnly(true);
            assertThat(all.getList("items.feedback.unhelpful", Integer.class)).containsOnly(1);
        });
    }

    @Test
    void filtersCombineWithPaginationWithoutRepeatsOrGapsWhileNewConversationsArrive() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String conv = Channel.newConversation();
            created.add(conv);
            MessageCreated data = new MessageCreated("demo", bot, i % 2 == 0 ? "web" : "telegram", conv, "m1",
                    new org.chatinbox.events.data.Sender(Role.VISITOR, "v", null), "message " + i, null, null, null);
            channel.send(Channel.event("evt-" + UUID.randomUUID(), T0.plusSeconds(i), data));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> page(bot, null, null, 100).getList("items").size() == 7);

        List<String> seen = new ArrayList<>();
        JsonPath first = page(bot, null, null, 3);
        seen.addAll(first.getList("items.id"));
        // a newer conversation of the same bot arrives between pages: it belongs before the cursor, not in later pages
        String late = Channel.newConversation();
        channel.send(Channel.event("evt-" + UUID.randomUUID(), T0.plusSeconds(60), new MessageCreated("demo", bot, "web", late,
                "m1", new org.chatinbox.events.data.Sender(Role.VISITOR, "v", null), "late", null, null, null)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> page(bot, null, null, 100).getList("items").size() == 8);
        for (String cursor = first.getString("nextCursor"); cursor != null;) {
            JsonPath next = page(bot, null, cursor, 3);
            seen.addAll(next.getList("items.id"));
            cursor = next.getString("nextCursor");
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(newestFirst);

        List<String> webOnly = page(bot, "web", null, 100).getList("items.id");
        assertThat(webOnly).containsExactly(late, created.get(6), created.get(4), created.get(2), created.get(0));
        assertThat(Inbox.demo().queryParam("botId", bot).queryParam("since", T0.plusSeconds(2).toString())
                .queryParam("until", T0.plusSeconds(4).toString()).get("/api/v1/conversations").then().statusCode(200)
                .extract().jsonPath().getList("items.id")).containsExactly(created.get(3), created.get(2));
    }

    @Test
    void aSelectionIsTheListRestrictedToItsIdsWithTheSameOrderFiltersAndCursor() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String conv = Channel.newConversation();
            created.add(conv);
            channel.send(Channel.event("evt-" + UUID.randomUUID(), T0.plusSeconds(i), new MessageCreated("demo", bot,
                    i % 2 == 0 ? "web" : "telegram", conv, "m1", new org.chatinbox.events.data.Sender(Role.VISITOR, "v", null),
                    "message " + i, null, null, null)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> page(bot, null, null, 100).getList("items").size() == 5);
        String selected = "{\"ids\": [\"" + created.get(0) + "\", \"" + created.get(1) + "\", \"" + created.get(3)
                + "\", \"" + created.get(4) + "\", \"no-such-conversation\"]}";

        JsonPath first = Inbox.demo().contentType("application/json").body(selected).queryParam("limit", 2)
                .post("/api/v1/conversations/selection").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.id")).containsExactly(created.get(4), created.get(3));
        JsonPath second = Inbox.demo().contentType("application/json").body(selected).queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor")).post("/api/v1/conversations/selection").then()
                .statusCode(200).extract().jsonPath();
        assertThat(second.getList("items.id")).containsExactly(created.get(1), created.get(0));
        assertThat(second.getString("nextCursor")).isNull();
        assertThat(Inbox.demo().contentType("application/json").body(selected).queryParam("channel", "web")
                .post("/api/v1/conversations/selection").then().statusCode(200).extract().jsonPath().getList("items.id"))
                .containsExactly(created.get(4), created.get(0));
        assertThat(Inbox.as("other", "olga").contentType("application/json").body(selected)
                .post("/api/v1/conversations/selection").then().statusCode(200).extract().jsonPath().getList("items"))
                .isEmpty();
        String tooMany = "{\"ids\": [" + String.join(",", java.util.Collections.nCopies(1001, "\"c\"")) + "]}";
        Inbox.demo().contentType("application/json").body(tooMany).post("/api/v1/conversations/selection").then()
                .statusCode(400).body("errors[0].field", org.hamcrest.Matchers.endsWith("ids"));
    }

    @Test
    void anotherWorkspaceNeverSeesTheConversation() {
        String conv = Channel.newConversation();
        channel.send(Channel.visitor(conv, "m1", "private to demo", T0));
        awaitConversation(conv, c -> true);

        Inbox.as("other", "olga").get("/api/v1/conversations/" + conv).then().statusCode(404)
                .contentType("application/problem+json");
        Inbox.as("other", "olga").get("/api/v1/conversations/" + conv + "/messages").then().statusCode(404);
        assertThat(Inbox.as("other", "olga").queryParam("limit", 100).get("/api/v1/conversations").then().statusCode(200)
                .extract().jsonPath().getList("items.id")).doesNotContain(conv);
    }

    @Test
    void statusAndLabelChangesAreRecordedAndPublishedAndAVisitorReopensASnooze() throws Exception {
        String conv = Channel.newConversation();
        channel.send(Channel.visitor(conv, "m1", "my parcel is late", T0));
        awaitConversation(conv, c -> true);
        try (TopicProbe updates = TopicProbe.open(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), Topics.CONVERSATIONS)) {
            Inbox.demo().post("/api/v1/conversations/" + conv + "/resolve").then().statusCode(200)
                    .body("status", equalTo("resolved"));
            Inbox.demo().contentType("application/json").body("{\"labels\": [\"billing\", \"vip\", \"billing\"]}")
                    .put("/api/v1/conversations/" + conv + "/labels").then().statusCode(200)
                    .body("labels", contains("billing", "vip"));
            Inbox.demo().contentType("application/json").body("{\"until\": \"2099-01-01T09:00:00Z\"}")
                    .post("/api/v1/conversations/" + conv + "/snooze").then().statusCode(200)
                    .body("status", equalTo("snoozed")).body("snoozedUntil", equalTo("2099-01-01T09:00:00Z"));
            channel.send(Channel.visitor(conv, "m2", "hello again", T0.plusSeconds(60)));
            awaitConversation(conv, c -> c.getString("status").equals("open"));

            List<ConversationUpdated> published = updates.await(r -> conv.equals(r.key()), 4).stream()
                    .map(r -> read(r.value())).toList();
            assertThat(published).extracting(ConversationUpdated::status).containsExactly(Status.RESOLVED, Status.RESOLVED,
                    Status.SNOOZED, Status.OPEN);
            assertThat(published.get(1).labels()).containsExactly("billing", "vip");
            assertThat(published).extracting(ConversationUpdated::actor).containsExactly("alice", "alice", "alice",
                    "visitor");
        }
        JsonPath history = Inbox.demo().get("/api/v1/conversations/" + conv + "/history").then().statusCode(200).extract()
                .jsonPath();
        assertThat(history.getList("items.type")).containsExactly("status", "labels", "status", "status");
        assertThat(history.getList("items.to")).containsExactly("resolved", "billing,vip", "snoozed", "open");
        assertThat(Inbox.demo().queryParam("label", "vip").queryParam("limit", 100).get("/api/v1/conversations").then()
                .extract().jsonPath().getList("items.id")).contains(conv);
        Inbox.as("other", "olga").post("/api/v1/conversations/" + conv + "/resolve").then().statusCode(404);
        Inbox.demo().contentType("application/json").body("{\"until\": \"2001-01-01T00:00:00Z\"}")
                .post("/api/v1/conversations/" + conv + "/snooze").then().statusCode(400)
                .body("errors[0].field", equalTo("until"));
    }

    @Test
    void handoffAssignmentAndSummaryShowOnTheConversationEvenWhenTheyArriveFirst() {
        String conv = Channel.newConversation();
        // handoff-service's topic is consumed apart from the messages: its news may come before the first message
        channel.send(Channel.event("ho-" + UUID.randomUUID(), T0.plusSeconds(5),
                new HandoffChanged("demo", conv, Mode.HUMAN, "alice", false, "alice", "takeover", null)));
        channel.send(Channel.event("as-" + UUID.randomUUID(), T0.plusSeconds(5),
                new AssignmentChanged("demo", conv, "alice", null, "alice", "takeover")));
        channel.send(Channel.event("su-" + UUID.randomUUID(), T0.plusSeconds(9),
                new SummaryUpdated("demo", conv, "Visitor asks about a refund.", List.of("refund"), "refund",
                        Outcome.HANDED_OFF,
                        1, T0.plusSeconds(9), "extractive")));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> Inbox.demo().get("/api/v1/conversations/" + conv + "/history")
                        .statusCode() == 404);
        channel.send(Channel.visitor(conv, "m1", "I want a refund", T0));

        JsonPath item = awaitConversation(conv, c -> "HUMAN".equals(c.getString("mode")) && c.get("summary") != null);
        assertThat(item.getString("holder")).isEqualTo("alice");
        assertThat(item.getString("assignee")).isEqualTo("alice");
        assertThat(item.getString("summary.outcome")).isEqualTo("handed-off");
        assertThat(Inbox.demo().queryParam("assignee", "me").queryParam("mode", "HUMAN").queryParam("limit", 100)
                .get("/api/v1/conversations").then().statusCode(200).extract().jsonPath().getList("items.id")).contains(conv);
        assertThat(Inbox.demo().get("/api/v1/conversations/" + conv + "/history").then().statusCode(200).extract().jsonPath()
                .getList("items.type")).containsExactly("handoff", "assignment");

        // an older handoff event, replayed late, does not undo the newer one
        channel.send(Channel.event("ho-" + UUID.randomUUID(), T0.plusSeconds(1),
                new HandoffChanged("demo", conv, Mode.BOT, null, true, "bot", "old news", null)));
        channel.send(Channel.event("ho-" + UUID.randomUUID(), T0.plusSeconds(20),
                new HandoffChanged("demo", conv, Mode.BOT, null, false, "alice", "handback", null)));
        JsonPath back = awaitConversation(conv, c -> "BOT".equals(c.getString("mode")));
        assertThat(back.getBoolean("needsHuman")).isFalse();
        assertThat(back.getString("holder")).isNull();
    }

    @Test
    void countsFollowTheFilters() {
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(Channel.newConversation());
            channel.send(Channel.event("evt-" + UUID.randomUUID(), T0.plusSeconds(i), new MessageCreated("demo", bot, "web",
                    created.get(i), "m1", new org.chatinbox.events.data.Sender(Role.VISITOR, "v", null), "hi", null,
                    null, null)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Inbox.demo().queryParam("botId", bot)
                .get("/api/v1/conversations/counts").then().statusCode(200)
                .body("all", equalTo(3)).body("unassigned", equalTo(3)).body("mine", equalTo(0))
                .body("needsHuman", equalTo(0)).body("human", equalTo(0)).body("exact", equalTo(true)));

        // restricted to given ids, as the gateway's keyword filter asks
        String two = "{\"ids\": [\"" + created.get(0) + "\", \"" + created.get(2) + "\", \"no-such-conversation\"]}";
        Inbox.demo().contentType("application/json").body(two).queryParam("botId", bot)
                .post("/api/v1/conversations/counts/selection").then().statusCode(200).body("all", equalTo(2))
                .body("unassigned", equalTo(2));
        Inbox.as("other", "olga").contentType("application/json").body(two).post("/api/v1/conversations/counts/selection")
                .then().statusCode(200).body("all", equalTo(0));
        Inbox.demo().contentType("application/json").body("{\"ids\": []}").post("/api/v1/conversations/counts/selection")
                .then().statusCode(200).body("all", equalTo(0));
    }

    static ConversationUpdated read(byte[] value) {
        try {
            return EventJson.mapper().readValue(value, new TypeReference<CloudEvent<ConversationUpdated>>() {
            }).data();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void callsWithoutTheInternalTokenAreRefused() {
        given().header("X-Inbox-Workspace", "demo").get("/api/v1/conversations").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("X-Inbox-Token", "guess").header("X-Inbox-Workspace", "demo").get("/api/v1/conversations").then()
                .statusCode(401);
    }

    @Test
    void badParametersAreNamed() {
        Inbox.demo().queryParam("limit", 0).get("/api/v1/conversations").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
        Inbox.demo().queryParam("status", "closed").get("/api/v1/conversations").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        Inbox.demo().queryParam("since", "yesterday").get("/api/v1/conversations").then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
        Inbox.demo().queryParam("cursor", "not-a-cursor!").get("/api/v1/conversations").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    static JsonPath page(String bot, String channelName, String cursor, int limit) {
        var request = Inbox.demo().queryParam("botId", bot).queryParam("limit", limit);
        if (channelName != null) {
            request.queryParam("channel", channelName);
        }
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/conversations").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath conversation(String id) {
        return Inbox.demo().get("/api/v1/conversations/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath messages(String id, String order) {
        return Inbox.demo().queryParam("order", order).get("/api/v1/conversations/" + id + "/messages").then()
                .statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitConversation(String id, java.util.function.Predicate<JsonPath> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            var response = Inbox.demo().get("/api/v1/conversations/" + id);
            return response.statusCode() == 200 ? response.jsonPath() : null;
        }, c -> c != null && condition.test(c));
    }
}
