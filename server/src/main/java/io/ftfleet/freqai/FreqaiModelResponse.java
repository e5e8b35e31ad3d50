package io.ftfleet.freqai;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The original's FreqAIModelResponse (same names and types) plus owner, identifier, class and content hash. */
record FreqaiModelResponse(long id, String name, String description, Map<String, Object> modelMetadata,
        String celeryTaskId, String filePath, String status, JsonNode backtestResults, Instant createdAt, long ownerId,
        String identifier, String modelClass, String sha256, long sizeBytes) {
}
