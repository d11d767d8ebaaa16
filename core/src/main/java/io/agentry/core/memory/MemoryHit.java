package io.agentry.core.memory;

import io.vertx.core.json.JsonObject;

/**
 * One search result. {@code metadata} is the stored metadata as Chroma holds it (flattened: nested
 * keys dotted, arrays as JSON text). {@code similarity} is the cosine similarity of the query and
 * the text, 1 for the same meaning and around 0 for unrelated text.
 */
public record MemoryHit(String id, String text, JsonObject metadata, double similarity) {}
