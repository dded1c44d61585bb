package org.chatinbox.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.chatinbox.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real servers every integration test of the build runs against, as the first test JVM starts them. */
class TestInfrastructureIT {

    private static Infrastructure infrastructure;

    @BeforeAll
    static void startStack() {
        infrastructure = LocalStack.testInfrastructure(Path.of(System.getProperty("chatinbox.root")), "smoke_test");
    }

    @Test
    void kafkaHasEveryContractTopicWithItsDeadLetterTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()))) {
            var names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (String topic : Topics.ALL) {
                assertThat(names).contains(topic, Topics.deadLetter(topic));
            }
            TopicDescription messages = admin.describeTopics(java.util.List.of(Topics.MESSAGES)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topics.MESSAGES);
            assertThat(messages.partitions()).hasSize(12);
            var retention = admin.describeConfigs(java.util.List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    Topics.MESSAGES))).all().get(10, TimeUnit.SECONDS).values().iterator().next().get("retention.ms");
            assertThat(retention.value()).as("events are kept for replays").isEqualTo("-1");
        }
    }

    @Test
    void postgresHasTheRequestedDatabaseForTheServiceRole() throws Exception {
        try (var connection = DriverManager.getConnection(infrastructure.jdbcUrl("smoke_test"),
                infrastructure.postgresUser(), infrastructure.postgresPassword());
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS probe (id int primary key)");
            try (var rows = statement.executeQuery("SELECT current_user, current_database()")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("inbox");
                assertThat(rows.getString(2)).isEqualTo("smoke_test");
            }
        }
    }

    @Test
    void elasticsearchHasTheEnglishAnalyzerOfTheFullDistribution() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(infrastructure.elasticsearchUrl() + "/_analyze"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"analyzer\":\"english\",\"text\":\"Running Dogs\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"token\":\"run\"", "\"token\":\"dog\"");
    }

    @Test
    void elasticsearchFoldsAccentsAndBuildsEdgeNgrams() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(infrastructure.elasticsearchUrl() + "/_analyze"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tokenizer\":\"standard\",\"filter\":[\"lowercase\","
                        + "\"asciifolding\",{\"type\":\"edge_ngram\",\"min_gram\":2,\"max_gram\":4}],\"text\":\"Café\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"token\":\"ca\"", "\"token\":\"caf\"", "\"token\":\"cafe\"");
    }
}
