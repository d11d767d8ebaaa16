package io.agentry.worker.agent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How a step ended.
 *
 * @param kind FINISHED (the model answered without tool calls, or called a finish tool), STUCK (a
 *     loop pattern; {@code reason} names it) or LIMIT_REACHED (the turn limit)
 * @param finalText the model's last text (the answer, when it finished without a finish tool)
 * @param finishTool the finish tool it called, or null
 * @param finishArgs that tool's arguments (validated against its schema), or null
 * @param reason why the step ended, for people and for the goal loop
 * @param turns model turns taken, including those of earlier attempts
 * @param observations every tool observation of the step, oldest first
 */
public record StepOutcome(
    Kind kind,
    String finalText,
    String finishTool,
    JsonObject finishArgs,
    String reason,
    int turns,
    List<ToolObservation> observations) {

  public enum Kind {
    FINISHED,
    STUCK,
    LIMIT_REACHED
  }

  public StepOutcome {
    finalText = finalText == null ? "" : finalText;
    observations = observations == null ? List.of() : List.copyOf(observations);
  }

  public boolean finished() {
    return kind == Kind.FINISHED;
  }

  /** A compact form for a job result. */
  public JsonObject toJson() {
    JsonArray seen = new JsonArray();
    observations.forEach(o -> seen.add(o.toJson()));
    return new JsonObject()
        .put("kind", kind.name())
        .put("finalText", finalText)
        .put("finishTool", finishTool)
        .put("finishArgs", finishArgs)
        .put("reason", reason)
        .put("turns", turns)
        .put("observations", seen);
  }
}
