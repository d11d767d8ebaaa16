package io.agentry.core.memory.chroma;

import io.vertx.core.json.JsonObject;

/**
 * A collection as Chroma describes it. {@code dimension} is null until the first vector is added;
 * {@code space} is the HNSW distance ({@code cosine}, {@code l2} or {@code ip}).
 */
public record ChromaCollection(
    String id,
    String name,
    String tenant,
    String database,
    String space,
    Integer dimension,
    JsonObject metadata) {

  static ChromaCollection fromJson(JsonObject json) {
    JsonObject configuration = json.getJsonObject("configuration_json", new JsonObject());
    JsonObject hnsw = configuration.getJsonObject("hnsw");
    return new ChromaCollection(
        json.getString("id"),
        json.getString("name"),
        json.getString("tenant"),
        json.getString("database"),
        hnsw == null ? null : hnsw.getString("space"),
        json.getInteger("dimension"),
        json.getJsonObject("metadata", new JsonObject()));
  }
}
