package org.chatinbox.conversation.rest;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Calls the service the way the gateway does: internal token and the caller's identity on headers. */
final class Inbox {

    private Inbox() {
    }

    static RequestSpecification as(String workspace, String agent) {
        return given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .header("X-Inbox-Agent", agent).header("X-Inbox-Roles", "agent");
    }

    static RequestSpecification demo() {
        return as("demo", "alice");
    }
}
