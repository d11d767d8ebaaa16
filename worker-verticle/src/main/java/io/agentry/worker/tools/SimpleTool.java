package io.agentry.worker.tools;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** A {@link Tool} made from its parts; most tools need nothing more. */
public record SimpleTool(
    String name,
    String description,
    JsonObject parameters,
    RiskLevel risk,
    Function<ToolCall, Future<ToolResult>> handler)
    implements Tool {

  @Override
  public Future<ToolResult> call(ToolCall call) {
    return handler.apply(call);
  }
}
