package io.agentry.node.goals;

import static io.agentry.core.testing.ScriptedTurn.call;

import io.agentry.core.testing.ScriptedTurn;
import io.agentry.node.demo.DemoGoal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The scripted model's side of a small Python goal: the architect plans one task, the coder writes
 * a {@code mean()} that divides by zero on an empty list, the tester's tests catch it, the debugger
 * fixes it, the architect approves. Every role's turns, in the order the loop asks for them.
 */
public final class PythonGoalScript {

  /** The demo's goal: its recording (see {@link DemoRecordingGenerator}) is this script played. */
  public static final String GOAL = DemoGoal.GOAL;

  public static final String BUGGY = "def mean(xs):\n    return sum(xs) / len(xs)\n";
  public static final String FIXED =
      "def mean(xs):\n    if not xs:\n        return 0.0\n    return sum(xs) / len(xs)\n";
  static final String SEARCH = "    return sum(xs) / len(xs)\n";
  static final String REPLACE =
      "    if not xs:\n        return 0.0\n    return sum(xs) / len(xs)\n";
  static final String TESTS =
      "from stats import mean\n\n\n"
          + "def test_mean_of_numbers():\n    assert mean([1, 2, 3]) == 2\n\n\n"
          + "def test_mean_of_nothing_is_zero():\n    assert mean([]) == 0.0\n";

  private PythonGoalScript() {}

  public static ScriptedTurn plan() {
    JsonObject plan =
        new JsonObject()
            .put("summary", "One module, tested with pytest")
            .put(
                "tasks",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("title", "stats module")
                            .put("description", "src/stats.py with mean(xs)")
                            .put("kind", "code")
                            .put("complexity", 2)
                            .put(
                                "acceptanceCriteria",
                                new JsonArray().add("mean([1,2,3]) == 2").add("mean([]) == 0.0"))));
    return ScriptedTurn.toolCalls(call("plan-1", "submit_plan", plan.encode()));
  }

  public static List<ScriptedTurn> coder() {
    return List.of(
        ScriptedTurn.toolCalls(
            call("code-1", "write_file", args("path", "src/stats.py", "content", BUGGY))),
        ScriptedTurn.text("Implemented mean() in src/stats.py"));
  }

  public static List<ScriptedTurn> tester() {
    return List.of(
        ScriptedTurn.toolCalls(
            call("test-1", "write_file", args("path", "src/test_stats.py", "content", TESTS))),
        ScriptedTurn.text("Tests for mean(), including the empty list"));
  }

  public static List<ScriptedTurn> debugger() {
    return List.of(
        ScriptedTurn.toolCalls(
            call(
                "fix-1",
                "edit_file",
                args("path", "src/stats.py", "search", SEARCH, "replace", REPLACE))),
        ScriptedTurn.text("mean() divided by zero for an empty list; it returns 0.0 now"));
  }

  public static ScriptedTurn approve() {
    return ScriptedTurn.toolCalls(
        call(
            "review-1",
            "submit_review",
            new JsonObject().put("approved", true).put("comments", "Meets the goal").encode()));
  }

  /** The whole run: plan, code, tests (red), fix, retest (no model), review. */
  public static ScriptedTurn[] wholeRun() {
    List<ScriptedTurn> turns = new ArrayList<>();
    turns.add(plan());
    turns.addAll(coder());
    turns.addAll(tester());
    turns.addAll(debugger());
    turns.add(approve());
    return turns.toArray(ScriptedTurn[]::new);
  }

  public static String args(String... keysAndValues) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      json.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return json.encode();
  }
}
