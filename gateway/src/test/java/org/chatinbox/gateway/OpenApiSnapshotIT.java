package org.chatinbox.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The public API as the code describes it must equal the committed snapshot, so every API change is a visible diff in review.
 * After an intended change: run this test once (it writes target/openapi.json), then {@code gateway/update-openapi-snapshot}.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service"))
class OpenApiSnapshotIT {

    static final Path SNAPSHOT = Path.of("src/test/resources/openapi/gateway-openapi.json");

    @Test
    void specOfTheCodeEqualsTheCommittedSnapshot() throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        String served = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        // one canonical form (sorted keys, indented) on both sides, so only real differences count
        String current = mapper.writeValueAsString(mapper.readValue(served, java.util.TreeMap.class)) + "\n";
        Files.writeString(Path.of("target/openapi.json"), current);
        assertThat(current).as("the API changed: review target/openapi.json, then run gateway/update-openapi-snapshot")
                .isEqualTo(Files.readString(SNAPSHOT));
    }
}
