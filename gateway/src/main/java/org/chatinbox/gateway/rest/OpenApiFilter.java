package org.chatinbox.gateway.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Adds what every operation of the public API shares, by rule rather than by an annotation on each method: how a caller
 * authenticates, and the problem+json answers it may get (contract §3, §4).
 */
public class OpenApiFilter implements OASFilter {

    private static final String PROBLEM = "application/problem+json";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/")) {
                return;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                describe(path, entry.getKey(), entry.getValue());
            }
        });
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (path.startsWith("/api/v1/ingest/webhooks/")) {
            errors.put("400", "Not a payload of the platform");
            errors.put("401", "Wrong secret token or signature");
            errors.put("404", "No such channel");
        } else if (path.startsWith("/api/v1/ingest/")) {
            operation.setSecurity(List.of(requirement("apiKey")));
            errors.put("400", "A bad event; `errors` names each bad field (`[i].field` in a batch). Nothing was written");
            errors.put("401", "No or unknown channel key");
            errors.put("403", "Another workspace, a bot the key may not write for, or a type channels may not send");
            errors.put("413", "More than 256 KiB per event or 500 events per batch");
            errors.put("415", "Neither application/cloudevents+json nor application/cloudevents-batch+json");
            errors.put("429", "The key's rate is exceeded; see Retry-After");
        } else {
            operation.setSecurity(List.of(requirement("apiKey"), requirement("bearer")));
            boolean takesInput = operation.getRequestBody() != null
                    || operation.getParameters() != null && operation.getParameters().stream()
                            .anyMatch(p -> p.getIn() != org.eclipse.microprofile.openapi.models.parameters.Parameter.In.PATH);
            if (takesInput) {
                errors.put("400", "A bad parameter or body; `errors` names each bad field");
            }
            errors.put("401", "No, unknown or expired credentials");
            errors.put("403", "Credentials without the agent or admin role");
            if (path.contains("{id}")) {
                errors.put("404", "No such conversation in the caller's workspace");
            }
            if (operation.getParameters() != null
                    && operation.getParameters().stream().anyMatch(p -> "If-Match".equals(p.getName()))) {
                errors.put("412", "If-Match names a version the conversation's handoff state has moved past");
            }
        }
        if (!path.equals("/api/v1/me") && !path.equals("/api/v1/stream")) {
            errors.put("503", "The owning service is down or too slow; safe to retry");
        }
        APIResponses responses = operation.getResponses() == null
                ? OASFactory.createAPIResponses()
                : operation.getResponses();
        errors.forEach((status, description) -> {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, problem(description));
            }
        });
        operation.setResponses(responses);
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent().addMediaType(
                PROBLEM, OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
    }
}
