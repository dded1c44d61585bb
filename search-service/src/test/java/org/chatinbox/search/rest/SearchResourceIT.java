package org.chatinbox.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Messages on {@code inbox.messages} become searchable through the internal API, per workspace, once each. */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class SearchResourceIT {

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
    void aConversationIsFoundByEveryWordOfTheQueryInAnyForm() {
        String conv = Channel.newConversation();
        String word = uniqueWord();
        channel.send(Channel.visitor(conv, "m1", "How do I reset my passwords for " + word + "?", T0));
        channel.send(Channel.message("demo", conv, "m2", Role.BOT, "You can reset it from Settings", T0.plusSeconds(1), null));

        awaitMatches("demo", "resetting password " + word, conv);
        assertThat(matching("demo", word + " refund").getList("conversationIds")).isEmpty();
        assertThat(matching("demo", "SETTINGS " + word).getList("conversationIds"))
                .as("all words must match within one message").isEmpty();
    }

    @Test
    void anotherWorkspaceFindsNothingOfDemo() {
        String word = uniqueWord();
        String demo = Channel.newConversation();
        channel.send(Channel.visitor(demo, "m1", "my order " + word + " is late", T0));
        String other = Channel.newConversation();
        channel.send(Channel.message("other", other, "m1", Role.VISITOR, "where is " + word, T0, null));

        awaitMatches("demo", word, demo);
        awaitMatches("other", word, other);
        assertThat(matching("demo", word).getList("conversationIds")).containsExactly(demo);
        assertThat(matching("other", word).getList("conversationIds")).containsExactly(other);
    }

    @Test
    void aMessageIsIndexedOnceWhateverItsRedeliveries() {
        String conv = Channel.newConversation();
        String word = uniqueWord();
        CloudEvent<MessageCreated> hello = Channel.visitor(conv, "m1", "hello " + word, T0);
        channel.send(hello);
        channel.send(hello);
        channel.send(Channel.visitor(conv, "m1", "hello " + word + " (retried by the channel)", T0));
        channel.send(Channel.visitor(conv, "m2", "anyone there " + word, T0.plusSeconds(1)));

        // one partition per conversation: once m2 is found, every copy of m1 before it has been indexed too
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> matching("demo", "anyone " + word).getList("conversationIds").contains(conv));
        JsonPath document = documentOf("demo", conv);
        assertThat(document.getList("messages.messageId")).containsExactly("m1", "m2");
        assertThat(document.getInt("messageCount")).isEqualTo(2);
    }

    @Test
    void matchingConversationsComeInTheListsOrderWithTheirTotalAndACursorThatNeverRepeats() {
        String word = uniqueWord();
        List<String> matching = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String conv = Channel.newConversation();
            matching.add(0, conv); // newest last message first
            channel.send(Channel.visitor(conv, "m1", "invoice " + word, T0.plusSeconds(i)));
        }
        String unrelated = Channel.newConversation();
        channel.send(Channel.visitor(unrelated, "m1", "something else entirely", T0));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> matching("demo", word).getList("conversationIds").size() == 5);

        assertThat(matching("demo", word).getList("conversationIds")).containsExactlyElementsOf(matching);
        List<String> paged = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("q", word, "limit", 2));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            JsonPath page = query(body);
            assertThat(page.getInt("total")).isEqualTo(5);
            paged.addAll(page.getList("conversationIds"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(matching);
        // the list's filters narrow it in the same query: since is inclusive, on the last message
        assertThat(internal("demo").queryParam("since", T0.plusSeconds(3).toString()).contentType("application/json")
                .body(Map.of("q", word)).post("/api/v1/search/conversations").then().statusCode(200).extract().jsonPath()
                .getList("conversationIds")).containsExactlyElementsOf(matching.subList(0, 2));
        JsonPath counts = internal("demo").contentType("application/json").body(Map.of("q", word))
                .post("/api/v1/search/counts").then().statusCode(200).extract().jsonPath();
        assertThat(counts.getInt("all")).isEqualTo(5);
        assertThat(counts.getInt("unassigned")).isEqualTo(5);
        assertThat(counts.getBoolean("exact")).isTrue();
        internal("demo").contentType("application/json").body(Map.of("q", word, "cursor", "bm90LWEtY3Vyc29y"))
                .post("/api/v1/search/conversations").then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void messagesAreFoundBestFirstMarkedCountedAndPagedWithoutRepeats() {
        String word = uniqueWord();
        String web = Channel.newConversation();
        String telegram = Channel.newConversation();
        channel.send(Channel.visitor(web, "m1", "Where is my refund " + word + "?", T0));
        channel.send(Channel.message("demo", web, "m2", Role.BOT, "Refunds for " + word + " take <b>5 days</b>: refund "
                + word + " refund", T0.plusSeconds(1), null));
        channel.send(Channel.event("evt-" + UUID.randomUUID(), T0.plusSeconds(2), new MessageCreated("demo", "sales-bot",
                "telegram", telegram, "t1", new org.chatinbox.events.data.Sender(Role.VISITOR, "v-9", null),
                "refund " + word + " please", null, null, null)));
        channel.send(Channel.visitor(telegram, "t2", "no match here " + word, T0.plusSeconds(3)));
        channel.send(Channel.message("other", Channel.newConversation(), "m1", Role.VISITOR, "refund " + word, T0, null));
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> messages(Map.of("q", "refund " + word)).getInt("total") == 3);

        JsonPath all = messages(Map.of("q", "refund " + word));
        assertThat(all.getList("items.messageId")).containsExactlyInAnyOrder("m1", "m2", "t1");
        assertThat(all.getList("items.score", Float.class)).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(all.getMap("facets.channel")).containsEntry("web", 2).containsEntry("telegram", 1);
        assertThat(all.getMap("facets.role")).containsEntry("visitor", 2).containsEntry("bot", 1);
        JsonPath bot = messages(Map.of("q", "refund " + word, "role", "bot"));
        assertThat(bot.getList("items.messageId")).containsExactly("m2");
        assertThat(bot.getString("items[0].conversationId")).isEqualTo(web);
        assertThat(bot.getString("items[0].sentAt")).isEqualTo("2026-11-22T10:15:31.120Z");
        // every form of the word is marked, and the message's own markup is escaped
        assertThat(bot.getString("items[0].highlight")).isEqualTo("<em>Refunds</em> for <em>" + word
                + "</em> take &lt;b&gt;5 days&lt;&#x2F;b&gt;: <em>refund</em> <em>" + word + "</em> <em>refund</em>");
        assertThat(all.getMap("facets.botId")).containsEntry("support-bot", 2).containsEntry("sales-bot", 1);
        assertThat(all.getMap("facets.status")).containsEntry("open", 3);
        assertThat(messages(Map.of("channel", "telegram"), Map.of("q", "refund " + word)).getList("items.messageId"))
                .containsExactly("t1");
        assertThat(messages(Map.of("botId", "sales-bot"), Map.of("q", "refund " + word)).getList("items.messageId"))
                .containsExactly("t1");
        assertThat(messages(Map.of("since", T0.plusSeconds(1).toString()),
                Map.of("q", "refund " + word, "conversationIds", List.of(web))).getList("items.messageId"))
                .containsExactly("m2");
        assertThat(messages(Map.of("until", T0.plusSeconds(1).toString()), Map.of("q", "refund " + word))
                .getList("items.messageId")).containsExactly("m1");

        java.util.List<String> paged = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("q", "refund " + word, "limit", 1));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            JsonPath page = messages(body);
            assertThat(page.getInt("total")).isEqualTo(3);
            assertThat(page.getBoolean("totalExact")).isTrue();
            paged.addAll(page.getList("items.messageId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(all.getList("items.messageId"));

        internal("demo").contentType("application/json").body(Map.of("q", word, "cursor", "bm90LWEtY3Vyc29y"))
                .post("/api/v1/search/messages").then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        internal("demo").contentType("application/json").body(Map.of("q", word, "role", "robot", "limit", 101))
                .post("/api/v1/search/messages").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("role", "limit"));
    }

    @Test
    void aSearchInsideOneConversationPagesThroughEveryMatchOfIt() {
        String word = uniqueWord();
        String conv = Channel.newConversation();
        for (int i = 0; i < 25; i++) {
            channel.send(Channel.visitor(conv, "m" + i, "parcel " + word + " number " + i, T0.plusSeconds(i)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> messages(Map.of(), Map.of("q", word, "conversationIds", List.of(conv))).getInt("total") == 25);

        List<String> paged = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> body = new java.util.HashMap<>(
                    Map.of("q", word, "conversationIds", List.of(conv), "limit", 10));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            JsonPath page = messages(Map.of(), body);
            assertThat(page.getInt("total")).isEqualTo(25);
            assertThat(page.getMap("facets.role")).containsEntry("visitor", 25);
            paged.addAll(page.getList("items.messageId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(paged).hasSize(25).doesNotHaveDuplicates();
        // a search of many conversations lists the best 20 of one
        assertThat(messages(Map.of(), Map.of("q", word, "limit", 100)).getList("items")).hasSize(20);
    }

    @Test
    void aRecordThatIsNotAnEventIsDeadLetteredAndTheNextIsStillIndexed() {
        String conv = Channel.newConversation();
        String word = uniqueWord();
        try (TopicProbe dlq = TopicProbe.open(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.deadLetter(Topics.MESSAGES))) {
            channel.sendRaw(conv, "{\"specversion\": \"1.0\", this is not json".getBytes(StandardCharsets.UTF_8));
            channel.send(Channel.visitor(conv, "m1", "still here " + word, T0));

            // conversation-service, running beside it in a full build, dead-letters the same record on its own
            var dead = dlq.await(r -> conv.equals(r.key()) && "search-service".equals(header(r, "dead-letter-service")), 1);
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), "dead-letter-reason")).contains("malformed JSON");
            awaitMatches("demo", word, conv);
        }
    }

    @Test
    void messagesSentWhileElasticsearchHangsAreIndexedOnceItIsBack() throws Exception {
        String conv = Channel.newConversation();
        String word = uniqueWord();
        try (AutoCloseable frozen = InboxTestStack.freeze("elasticsearch")) {
            channel.send(Channel.visitor(conv, "m1", "sent during the outage " + word, T0));
            // meanwhile a search is told to come back, not left hanging
            internal("demo").contentType("application/json").body(Map.of("q", word)).post("/api/v1/search/conversations")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("2"));
        }
        awaitMatches("demo", word, conv);
    }

    @Test
    void anIndexDeletedWhileTheServiceRunsComesBackWithItsMappingAtTheNextMessage() {
        String word = uniqueWord();
        given().baseUri(elasticsearch()).delete("/" + concreteIndex()).then().statusCode(200);
        String conv = Channel.newConversation();
        channel.send(Channel.visitor(conv, "m1", "two refunds for " + word, T0));

        // "refund" finds "refunds" only under the english analyzer of the service's mapping
        awaitMatches("demo", "refund " + word, conv);
        JsonPath index = given().baseUri(elasticsearch()).get("/" + indexName()).then().statusCode(200).extract().jsonPath();
        assertThat(index.getString("'" + concreteIndex() + "'.mappings.properties.messages.properties.text.analyzer"))
                .isEqualTo("english");
        assertThat(index.getMap("'" + concreteIndex() + "'.aliases")).containsKey(indexName());
    }

    @Test
    void badQueriesAreNamedAndCallersWithoutTheTokenRefused() {
        internal("demo").contentType("application/json").body(Map.of("q", " ")).post("/api/v1/search/conversations").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("q"));
        internal("demo").contentType("application/json").body(Map.of("q", "x", "limit", 0))
                .post("/api/v1/search/conversations").then().statusCode(400).body("errors.field", hasItem("limit"));
        given().header("X-Inbox-Workspace", "demo").contentType("application/json").body(Map.of("q", "x"))
                .post("/api/v1/search/conversations").then().statusCode(401).contentType("application/problem+json");
        given().header("X-Inbox-Token", "guess").header("X-Inbox-Workspace", "demo").contentType("application/json")
                .body(Map.of("q", "x")).post("/api/v1/search/conversations").then().statusCode(401);
    }

    /** A word no other test writes, so that each test sees only its own messages. */
    static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String uniqueWord() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static RequestSpecification internal(String workspace) {
        return given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace);
    }

    static JsonPath query(Map<String, Object> body) {
        return internal("demo").contentType("application/json").body(body).post("/api/v1/search/conversations").then()
                .statusCode(200).extract().jsonPath();
    }

    static JsonPath messages(Map<String, Object> body) {
        return messages(Map.of(), body);
    }

    /** A message search with the list's filters as query parameters. */
    static JsonPath messages(Map<String, ?> filters, Map<String, Object> body) {
        RequestSpecification request = internal("demo").contentType("application/json").body(body);
        if (!filters.isEmpty()) {
            request.queryParams(filters);
        }
        return request.post("/api/v1/search/messages").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath matching(String workspace, String q) {
        return internal(workspace).contentType("application/json").body(Map.of("q", q))
                .post("/api/v1/search/conversations").then().statusCode(200).extract().jsonPath();
    }

    static void awaitMatches(String workspace, String q, String conversation) {
        // a 503 while the index is away or its shard starts is an answer to retry, not a failure
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> matching(workspace, q).getList("conversationIds").contains(conversation));
    }

    /** The conversation's document, asked of Elasticsearch itself. */
    static JsonPath documentOf(String workspace, String conversation) {
        return given().baseUri(elasticsearch()).urlEncodingEnabled(false)
                .get("/" + indexName() + "/_doc/" + workspace + "%2F" + conversation).then().statusCode(200).extract()
                .jsonPath().setRootPath("_source");
    }

    static String elasticsearch() {
        return "http://" + ConfigProvider.getConfig().getValue("quarkus.elasticsearch.hosts", String.class);
    }

    static String indexName() {
        return ConfigProvider.getConfig().getValue("inbox.index.name", String.class);
    }

    static String concreteIndex() {
        return indexName() + "-v1";
    }
}
