package io.agentry.core.memory.chroma;

import io.vertx.core.json.JsonObject;

/**
 * One record to add: id, document text, flat metadata (string, number and boolean values only; see
 * {@link ChromaMetadata}) and its embedding.
 */
public record ChromaRecord(String id, String document, JsonObject metadata, float[] embedding) {}
