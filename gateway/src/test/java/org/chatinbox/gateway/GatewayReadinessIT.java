package org.chatinbox.gateway;

import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Readiness;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service"))
class GatewayReadinessIT {

    @Test
    void readyOnlyWithItsServersAndObservable() {
        Readiness.assertReadyAndObservable("Kafka");
    }
}
