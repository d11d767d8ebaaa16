package io.agentry.core.memory.chroma;

import io.vertx.core.json.JsonObject;

/** One query result: the record and its distance from the query in the collection's space. */
public record ChromaMatch(String id, String document, JsonObject metadata, double distance) {}
