package org.chatinbox.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test stack places a service's new consumer groups at the topics' ends: it reads them from the service's built jar. */
class ServiceServerTest {

    @TempDir
    Path temp;

    @Test
    void theGroupsOfTheTestProfilesAreReadWithTheirTopicsFromTheBuiltJar() throws Exception {
        Path app = Files.createDirectories(temp.resolve("some-service/target/quarkus-app/app"));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(app.resolve("some-service-1.0.jar")))) {
            zip.putNextEntry(new ZipEntry("application.properties"));
            zip.write("""
                    mp.messaging.incoming.messages.topic=inbox.messages
                    mp.messaging.incoming.messages.group.id=some-service
                    %e2e.mp.messaging.incoming.messages.group.id=some-service-e2e
                    mp.messaging.incoming.handoff.topic=inbox.handoff
                    mp.messaging.incoming.handoff.group.id=some-service-handoff
                    mp.messaging.incoming.stream.topic=inbox.conversations
                    mp.messaging.incoming.stream.group.id=stream-${quarkus.uuid}
                    mp.messaging.outgoing.dead-letters.topic=inbox.messages.dlq
                    """.getBytes(StandardCharsets.ISO_8859_1));
        }
        ServiceServer service = new ServiceServer(new StackLayout(temp.resolve("stack"), temp.resolve("dist")), temp,
                "some-service", 0, 64, Map.of());

        // a group named by an expression is each replica's own: nothing to place
        assertThat(service.consumerGroups(List.of("test", "e2e"))).isEqualTo(
                Map.of("some-service-e2e", Set.of("inbox.messages"), "some-service-handoff", Set.of("inbox.handoff")));
        assertThat(service.consumerGroups(List.of("local")))
                .isEqualTo(Map.of("some-service", Set.of("inbox.messages"), "some-service-handoff", Set.of("inbox.handoff")));
    }
}
