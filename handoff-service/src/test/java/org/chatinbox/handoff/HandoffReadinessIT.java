package org.chatinbox.handoff;

import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Readiness;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "handoff_test"))
class HandoffReadinessIT {

    @Test
    void readyOnlyWithItsServersAndObservable() {
        Readiness.assertReadyAndObservable("Kafka", "Database");
    }
}
