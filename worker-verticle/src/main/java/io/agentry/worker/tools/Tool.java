package io.agentry.worker.tools;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A capability an agent may call: a name, a description and JSON-schema parameters shown to the
 * model, a risk level for the approval policy, and a handler. Handlers report recoverable problems
 * as {@link ToolResult#error} results the model can read; a failed future means a bug.
 */
public interface Tool {

  String name();

  String description();

  /** A JSON schema of type object; arguments are validated against it before {@link #call}. */
  JsonObject parameters();

  RiskLevel risk();

  Future<ToolResult> call(ToolCall call);
}
