package io.ftfleet.support;

import tools.jackson.databind.JsonNode;

/** Helpers for tests that walk the served OpenAPI document. */
public final class OpenApi {

    private OpenApi() {
    }

    /** Server-Sent Event routes never end by themselves; walks skip them and their own tests cover them. */
    public static boolean isEventStream(JsonNode operation) {
        return operation.path("responses").path("200").path("content").has("text/event-stream");
    }
}
