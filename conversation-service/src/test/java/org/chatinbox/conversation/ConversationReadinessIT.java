package org.chatinbox.conversation;

import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Readiness;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "conversation_test"))
class ConversationReadinessIT {

    @Test
    void readyOnlyWithItsServersAndObservable() {
        Readiness.assertReadyAndObservable("Kafka", "Database");
    }
}
