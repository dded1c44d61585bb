package org.chatinbox.conversation.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.chatinbox.events.Topics;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Scaled out as an ops team scales it ({@code inbox up --scale conversation-service=3}, KEDA in deploy/k8s): three replicas of
 * the service's jar in one consumer group, one killed ({@code SIGKILL}) in the middle of 30,000 events. The survivors take its
 * partitions over and every message is stored exactly once.
 */
class ScaleOutIT {

    static final String MODULE = "conversation-service";
    /** The consumer group of the messages the service's jar joins in the test stack (profile e2e). */
    static final String GROUP = "conversation-service-e2e";
    static final int CONVERSATIONS = 60;
    static final int TOTAL = 30_000;

    /** Beside this module's own application the jar is a second read model (see the module's pom): none of it stays. */
    @AfterAll
    static void stopTheReplicas() {
        InboxTestStack.kill(MODULE + "-3");
        InboxTestStack.kill(MODULE);
    }

    @Test
    void threeReplicasLoseOneInTheMiddleOfThirtyThousandEventsAndTheSurvivorsStoreEachOnce() throws Exception {
        String kafka = InboxTestStack.infrastructure().kafkaBootstrapServers();
        Map<String, String> replicas = InboxTestStack.scale(MODULE, 3);
        assertThat(replicas.keySet()).containsExactly(MODULE, MODULE + "-2", MODULE + "-3");
        String url = replicas.get(MODULE);
        TestStream stream = new TestStream(kafka, "scale-" + UUID.randomUUID().toString().substring(0, 8), CONVERSATIONS);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            // each of the three holds some of the twelve partitions before the stream starts
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> partitionsByMember(admin).size() == 3);

            stream.produce(0, TOTAL / 2);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stream.stored(url) > 0);
            InboxTestStack.kill(MODULE + "-2");
            stream.produce(TOTAL / 2, TOTAL);

            Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> stream.stored(url) >= TOTAL);
            assertThat(stream.stored(url)).isEqualTo(TOTAL);
            assertThat(stream.inbox(url).queryParam("limit", 100).get("/api/v1/conversations").then().statusCode(200)
                    .extract().jsonPath().getList("items.messageCount", Integer.class)).hasSize(CONVERSATIONS)
                    .containsOnly(TOTAL / CONVERSATIONS);

            // the killed replica's partitions went to the two survivors: all twelve held, by both
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Set<Integer>> survivors = partitionsByMember(admin);
                assertThat(survivors).hasSize(2);
                assertThat(survivors.values().stream().flatMap(Set::stream).collect(Collectors.toSet())).hasSize(12);
            });
        }
    }

    /** The partitions of inbox.messages each member of the group holds now (members holding none left out). */
    static Map<String, Set<Integer>> partitionsByMember(Admin admin) throws Exception {
        List<MemberDescription> members = List.copyOf(admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP)
                .get().members());
        return members.stream()
                .collect(Collectors.toMap(MemberDescription::consumerId, m -> m.assignment().topicPartitions().stream()
                        .filter(p -> p.topic().equals(Topics.MESSAGES)).map(TopicPartition::partition)
                        .collect(Collectors.toSet())))
                .entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
