package io.agentry.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One line of text per ledger event of a goal, for people following it in a terminal: who acted
 * (the agent role, else the source) and what happened, in a few words. Our own marks are ASCII, so
 * that any terminal and any log shows them the same; control characters in payloads become spaces.
 */
final class EventLines {

  /** The events that end a goal, one per final state of its run. */
  static final Set<String> TERMINAL =
      Set.of("GoalCompleted", "GoalStopped", "GoalFailed", "GoalCancelled");

  private static final int WIDTH = 96;

  private EventLines() {}

  /** Whether {@code event} belongs to the goal {@code taskId} (its own events or its subtasks'). */
  static boolean belongsTo(JsonObject event, String taskId) {
    JsonObject payload = payload(event);
    return taskId.equals(payload.getString("taskId"))
        || taskId.equals(payload.getString("parentTaskId"));
  }

  static String line(JsonObject event) {
    JsonObject p = payload(event);
    String type = event.getString("type", "?");
    String who = p.getString("role", event.getString("source", "").toLowerCase(Locale.ROOT));
    String what = describe(type, p);
    String text = String.format("#%-4d %-9s %s", event.getLong("seq", 0L), who, what);
    return abbreviate(text, WIDTH + 20);
  }

  static String describe(String type, JsonObject p) {
    return switch (type) {
      case "GoalSubmitted" -> "goal submitted: " + p.getString("goal", "");
      case "TaskCreated" ->
          p.getString("parentTaskId") == null
              ? "task created"
              : "subtask: " + p.getString("goal", "");
      case "TaskProgress" ->
          "-> " + p.getString("phase", "?") + ": " + p.getString("currentStep", "");
      case "ModelTurn" -> modelTurn(p);
      case "ToolCalled" -> p.getString("tool", "?") + " " + arguments(p.getString("arguments"));
      case "ToolObserved" ->
          "<- "
              + p.getString("tool", "?")
              + " "
              + p.getString("status", "")
              + ": "
              + firstLine(p.getString("output"));
      case "StepFinished" ->
          "step "
              + p.getString("kind", "?").toLowerCase(Locale.ROOT)
              + " after "
              + p.getInteger("turns", 0)
              + " turn(s): "
              + p.getString("reason", "");
      case "PlanProposed" -> plan(p.getJsonObject("plan", new JsonObject()));
      case "CodeChanged" ->
          "commit "
              + shortSha(p.getString("commit"))
              + " "
              + p.getString("summary", "")
              + " ("
              + p.getJsonArray("files", new JsonArray()).size()
              + " file(s))";
      case "TestsRun" -> tests(p);
      case "CheckpointCreated" ->
          "checkpoint " + p.getString("name", "") + " at " + shortSha(p.getString("commit"));
      case "KnowledgeRetrieved" -> knowledge(p);
      case "MemoryRecalled" ->
          "memory: " + p.getJsonArray("hits", new JsonArray()).size() + " similar item(s) recalled";
      case "FixOutcomeRecorded" ->
          "fix outcome: "
              + (p.getBoolean("success", false) ? "worked" : "did not work")
              + (p.getBoolean("usedSuggestion", false) ? " (the known fix)" : "")
              + ", "
              + p.getValue("successCount")
              + " success(es) so far";
      case "ReviewSubmitted" ->
          "review: "
              + (p.getBoolean("approved", false) ? "approved" : "changes requested")
              + " - "
              + p.getString("comments", "");
      case "GatesEvaluated" -> "gates: " + gates(p.getJsonArray("gates", new JsonArray()));
      case "GoalCompleted", "GoalStopped", "GoalFailed", "GoalCancelled" ->
          "goal " + type.substring(4).toLowerCase(Locale.ROOT) + ": " + p.getString("reason", "");
      default -> type + (p.getString("reason") != null ? ": " + p.getString("reason") : "");
    };
  }

  static String gates(JsonArray gates) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < gates.size(); i++) {
      JsonObject gate = gates.getJsonObject(i);
      parts.add(
          (gate.getBoolean("passed", false) ? "ok " : "FAILED ")
              + gate.getString("name", "?")
              + " ("
              + gate.getString("detail", "")
              + ")");
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private static String modelTurn(JsonObject p) {
    JsonArray calls = p.getJsonArray("toolCalls", new JsonArray());
    String head = "model turn " + p.getInteger("turn", 0) + " (" + p.getString("model", "?") + ")";
    if (!calls.isEmpty()) {
      List<String> names = new ArrayList<>();
      calls.forEach(c -> names.add(((JsonObject) c).getString("name", "?")));
      return head + ": calls " + String.join(", ", names);
    }
    return head + ": \"" + firstLine(p.getString("content")) + "\"";
  }

  private static String plan(JsonObject plan) {
    JsonArray tasks = plan.getJsonArray("tasks", new JsonArray());
    List<String> titles = new ArrayList<>();
    tasks.forEach(t -> titles.add(((JsonObject) t).getString("title", "?")));
    return "plan: "
        + plan.getString("summary", "")
        + " - "
        + tasks.size()
        + " task(s): "
        + String.join("; ", titles);
  }

  private static String tests(JsonObject p) {
    StringBuilder text =
        new StringBuilder("tests ")
            .append(p.getBoolean("success", false) ? "PASSED" : "FAILED")
            .append(": ")
            .append(p.getValue("passed"))
            .append(" passed, ")
            .append(p.getValue("failed"))
            .append(" failed, ")
            .append(p.getValue("errors"))
            .append(" errors");
    if (p.getValue("coverage") instanceof Number coverage) {
      text.append(", coverage ").append(Math.round(coverage.doubleValue())).append('%');
    }
    if (p.getValue("lintClean") instanceof Boolean lint) {
      text.append(lint ? ", lint clean" : ", lint issues");
    }
    return text.toString();
  }

  private static String knowledge(JsonObject p) {
    JsonObject suggestion = p.getJsonObject("suggestion");
    String fix =
        suggestion == null
            ? "no known fix"
            : String.format(
                Locale.ROOT,
                "known fix (confidence %.2f): %s",
                suggestion.getDouble("confidence", 0.0),
                firstLine(suggestion.getString("description")));
    return "knowledge: "
        + p.getString("errorType", "error")
        + " seen "
        + p.getValue("occurrences", 1)
        + "x, "
        + fix
        + ", "
        + p.getJsonArray("memoryHits", new JsonArray()).size()
        + " similar solution(s)";
  }

  /** A tool call's arguments in brief: the path or command when there is one. */
  private static String arguments(String json) {
    if (json == null) {
      return "";
    }
    try {
      JsonObject args = new JsonObject(json);
      for (String key : List.of("path", "command", "query", "name")) {
        if (args.getValue(key) instanceof String value) {
          return value;
        }
      }
    } catch (RuntimeException notAnObject) {
      // Shown as it is.
    }
    return firstLine(json);
  }

  private static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return abbreviate(newline < 0 ? stripped : stripped.substring(0, newline), 80);
  }

  static String abbreviate(String text, int max) {
    StringBuilder clean = new StringBuilder(text.length());
    text.codePoints().forEach(c -> clean.append(c < 32 || c == 127 ? " " : Character.toString(c)));
    String line = clean.toString();
    return line.length() <= max ? line : line.substring(0, max - 3) + "...";
  }

  private static JsonObject payload(JsonObject event) {
    return event.getValue("payload") instanceof JsonObject p ? p : new JsonObject();
  }
}
