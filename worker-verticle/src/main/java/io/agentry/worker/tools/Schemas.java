package io.agentry.worker.tools;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A small builder for the object schemas of tool parameters. */
public final class Schemas {

  private final JsonObject properties = new JsonObject();
  private final JsonArray required = new JsonArray();

  public static Schemas object() {
    return new Schemas();
  }

  public Schemas string(String name, String description, boolean mandatory) {
    return property(
        name, new JsonObject().put("type", "string").put("description", description), mandatory);
  }

  public Schemas string(String name, String description, int maxLength, boolean mandatory) {
    return property(
        name,
        new JsonObject()
            .put("type", "string")
            .put("description", description)
            .put("maxLength", maxLength),
        mandatory);
  }

  public Schemas integer(String name, String description, boolean mandatory) {
    return property(
        name, new JsonObject().put("type", "integer").put("description", description), mandatory);
  }

  public Schemas oneOf(String name, String description, boolean mandatory, String... values) {
    return property(
        name,
        new JsonObject()
            .put("type", "string")
            .put("description", description)
            .put("enum", new JsonArray(java.util.List.of((Object[]) values))),
        mandatory);
  }

  public Schemas property(String name, JsonObject schema, boolean mandatory) {
    properties.put(name, schema);
    if (mandatory) {
      required.add(name);
    }
    return this;
  }

  public JsonObject build() {
    return new JsonObject()
        .put("type", "object")
        .put("properties", properties)
        .put("required", required)
        .put("additionalProperties", false);
  }
}
