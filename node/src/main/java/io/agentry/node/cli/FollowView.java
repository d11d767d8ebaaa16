package io.agentry.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What following a goal looks like. On a terminal ({@link Mode#TTY}) the last line is a status line
 * redrawn in place — status, stage, a progress bar and the current step — with a line per ledger
 * event scrolling above it. Otherwise ({@link Mode#PLAIN}, for pipes, logs and CI) every change is
 * one line of its own and nothing is redrawn. Both end with the same summary.
 *
 * <p>The bar shows where the loop stands in one iteration (planning, coding, testing, debugging,
 * reviewing, each a share of the bar) plus the current stage's own percentage. Within an iteration
 * it never moves back (testing the fix after debugging stays where debugging was); a goal that
 * needs another iteration starts again from the coding share.
 */
final class FollowView {

  enum Mode {
    PLAIN,
    TTY
  }

  /** Each status's share of the bar, as [start, end) percent. */
  private static final Map<String, int[]> SHARES =
      Map.of(
          "PENDING", new int[] {0, 5},
          "PLANNING", new int[] {5, 20},
          "CODING", new int[] {20, 45},
          "TESTING", new int[] {45, 60},
          "DEBUGGING", new int[] {60, 75},
          "REVIEWING", new int[] {75, 95},
          "COMPLETED", new int[] {100, 100});

  private static final int BAR = 20;

  private final PrintStream out;
  private final Mode mode;
  private final boolean unicode;
  private final int width;
  private String status;
  private int percent;
  private int iteration;

  FollowView(PrintStream out, Mode mode, boolean unicode, int width) {
    this.out = out;
    this.mode = mode;
    this.unicode = unicode;
    this.width = Math.max(40, width);
  }

  /** A line that stays: the header, connection notices. */
  void line(String text) {
    clearStatus();
    out.println(text);
    redrawStatus();
  }

  void step(JsonObject event) {
    line(EventLines.line(event));
  }

  /** The task changed (or was read again after a reconnect); shows it when anything differs. */
  void task(JsonObject task) {
    String state = task.getString("status", "?");
    int[] share = SHARES.get(state);
    if (share != null) {
      int stagePercent = Math.max(0, Math.min(100, task.getInteger("progress", 0)));
      int now = share[0] + (share[1] - share[0]) * stagePercent / 100;
      JsonObject run = task.getJsonObject("goalRun");
      int round = run == null ? iteration : run.getInteger("iteration", iteration);
      percent = round > iteration ? now : Math.max(percent, now);
      iteration = Math.max(iteration, round);
    }
    String next =
        String.format(
            "%-9s %-8s %s %3d%%  %s",
            state,
            task.getString("stage", ""),
            bar(percent),
            percent,
            iteration(task) + task.getString("currentStep", ""));
    if (Objects.equals(next, status)) {
      return;
    }
    if (mode == Mode.PLAIN) {
      out.println("status    " + next);
      status = next;
      return;
    }
    clearStatus();
    status = next;
    redrawStatus();
  }

  /** The final summary; the status line goes away. */
  void finished(JsonObject task, JsonArray lastGates, Duration took) {
    clearStatus();
    status = null;
    String state = task.getString("status", "?");
    JsonObject run = task.getJsonObject("goalRun", new JsonObject());
    JsonObject result = task.getValue("result") instanceof JsonObject r ? r : new JsonObject();
    String reason =
        "COMPLETED".equals(state)
            ? "all quality gates passed"
            : firstNonNull(run.getString("stopReason"), task.getString("error"), "no reason given");
    out.println();
    out.println(state + ": " + reason + " (after " + took.toSeconds() + " s of following)");
    out.println(
        "  iterations  "
            + run.getInteger("iteration", 0)
            + " ("
            + run.getInteger("debugRounds", 0)
            + " debug round(s), "
            + run.getInteger("replans", 0)
            + " replan(s)), run "
            + run.getString("state", "?"));
    JsonArray gates = result.getJsonArray("gates", lastGates);
    out.println("  gates       " + (gates == null ? "not evaluated" : EventLines.gates(gates)));
    JsonObject review = result.getJsonObject("review", facts(run).getJsonObject("review"));
    if (review != null) {
      out.println(
          "  review      "
              + (review.getBoolean("approved", false) ? "approved" : "changes requested")
              + " - "
              + EventLines.firstLine(review.getString("comments", "")));
    }
    JsonObject project = task.getJsonObject("project", new JsonObject());
    out.println(
        "  task        " + task.getString("id") + " in project " + project.getString("name", "?"));
    out.flush();
  }

  private static JsonObject facts(JsonObject run) {
    return run.getValue("facts") instanceof JsonObject facts ? facts : new JsonObject();
  }

  private static String iteration(JsonObject task) {
    JsonObject run = task.getJsonObject("goalRun");
    return run == null || run.getInteger("iteration", 0) == 0
        ? ""
        : "[iteration " + run.getInteger("iteration") + "] ";
  }

  String bar(int percent) {
    int filled = Math.round(BAR * percent / 100f);
    String full = unicode ? "\u2588" : "#";
    String empty = unicode ? "\u2591" : "-";
    return "[" + full.repeat(filled) + empty.repeat(BAR - filled) + "]";
  }

  private void clearStatus() {
    if (mode == Mode.TTY && status != null) {
      out.print("\r\033[2K");
    }
  }

  private void redrawStatus() {
    if (mode == Mode.TTY && status != null) {
      out.print(status.length() < width ? status : status.substring(0, width - 1));
    }
    out.flush();
  }

  private static String firstNonNull(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }
}
