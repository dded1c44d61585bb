package org.chatinbox.gateway.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading the relayed answers of services that the gateway combines. */
final class Bodies {

    private Bodies() {
    }

    static JsonNode read(ObjectMapper json, Response response) {
        try {
            return json.readTree((byte[]) response.getEntity());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** The {@code id} of each item of a list page. */
    static List<String> itemIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    static String nextCursor(JsonNode page) {
        return page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    }
}
