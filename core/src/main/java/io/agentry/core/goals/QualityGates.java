package io.agentry.core.goals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The quality gates a policy asks for, judged on the facts of the latest iteration: {@code tests}
 * (the tester's result: success, coverage, lintClean) and {@code review} (the architect's verdict).
 */
public final class QualityGates {

  private QualityGates() {}

  /** One gate's result. */
  public record Gate(String name, boolean passed, String detail) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("passed", passed).put("detail", detail);
    }
  }

  /** Every gate the policy asks for, and whether all passed. */
  public record Verdict(List<Gate> gates) {
    public boolean passed() {
      return gates.stream().allMatch(Gate::passed);
    }

    /** The failed gates, named with their detail. */
    public String failures() {
      return String.join(
          "; ",
          gates.stream()
              .filter(g -> !g.passed())
              .map(g -> g.name() + " (" + g.detail() + ")")
              .toList());
    }

    public JsonArray toJson() {
      JsonArray array = new JsonArray();
      gates.forEach(g -> array.add(g.toJson()));
      return array;
    }
  }

  public static Verdict evaluate(GoalPolicy policy, JsonObject facts) {
    JsonObject tests = facts.getJsonObject("tests", new JsonObject());
    JsonObject review = facts.getJsonObject("review", new JsonObject());
    List<Gate> gates = new ArrayList<>();
    if (policy.requireTestsPass()) {
      boolean green = tests.getBoolean("success", false);
      gates.add(
          new Gate(
              "tests",
              green,
              tests.getInteger("passed", 0)
                  + " passed, "
                  + tests.getInteger("failed", 0)
                  + " failed, "
                  + tests.getInteger("errors", 0)
                  + " errors"));
    }
    if (policy.minCoverage() != null) {
      Double coverage = tests.getDouble("coverage");
      gates.add(
          new Gate(
              "coverage",
              coverage != null && coverage >= policy.minCoverage(),
              coverage == null
                  ? "not measured"
                  : coverage + "% of " + policy.minCoverage() + "% required"));
    }
    if (policy.requireLintClean()) {
      Boolean clean = tests.getBoolean("lintClean");
      gates.add(
          new Gate(
              "lint",
              Boolean.TRUE.equals(clean),
              clean == null
                  ? "not run"
                  : clean ? "clean" : tests.getString("lintOutput", "findings")));
    }
    if (policy.requireArchitectApproval()) {
      boolean approved = review.getBoolean("approved", false);
      gates.add(
          new Gate(
              "architect approval",
              approved,
              approved ? "approved" : review.getString("comments", "no approval")));
    }
    return new Verdict(List.copyOf(gates));
  }
}
