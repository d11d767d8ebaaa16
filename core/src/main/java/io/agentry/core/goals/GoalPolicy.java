package io.agentry.core.goals;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The rules a goal runs under: which quality gates must pass, the limits that stop it, and what to
 * do when an agent is stuck. Stored with the run, so a later change of defaults does not change a
 * running goal.
 *
 * @param requireTestsPass the project's tests must be green
 * @param minCoverage line coverage in percent the tests must reach, or {@code null} for no gate
 * @param requireLintClean the tester's lint command must report nothing
 * @param requireArchitectApproval the architect's review must approve
 * @param maxIterations code → test → review rounds before the goal stops
 * @param maxDebugRounds debug → retest rounds within one iteration
 * @param maxReplans re-plans the stuck policy may start before it stops the goal
 * @param maxMinutes wall-clock limit of the whole goal
 * @param onStuck {@code REPLAN} (then stop once re-plans are used up), {@code ASK_HUMAN} (the stuck
 *     role's job waits for a person's guidance via approveStep; declined, the goal stops) or {@code
 *     STOP}
 */
public record GoalPolicy(
    boolean requireTestsPass,
    Double minCoverage,
    boolean requireLintClean,
    boolean requireArchitectApproval,
    int maxIterations,
    int maxDebugRounds,
    int maxReplans,
    int maxMinutes,
    OnStuck onStuck) {

  /** What the loop does when a role reports that it is stuck. */
  public enum OnStuck {
    REPLAN,
    ASK_HUMAN,
    STOP
  }

  public GoalPolicy {
    require(
        minCoverage == null || (minCoverage >= 0 && minCoverage <= 100), "minCoverage", "0-100");
    require(maxIterations >= 1 && maxIterations <= 100, "maxIterations", "1-100");
    require(maxDebugRounds >= 0 && maxDebugRounds <= 20, "maxDebugRounds", "0-20");
    require(maxReplans >= 0 && maxReplans <= 10, "maxReplans", "0-10");
    require(maxMinutes >= 1 && maxMinutes <= 7 * 24 * 60, "maxMinutes", "1-10080");
    onStuck = onStuck == null ? OnStuck.REPLAN : onStuck;
  }

  public static GoalPolicy defaults() {
    return new GoalPolicy(true, null, false, true, 5, 3, 1, 240, OnStuck.REPLAN);
  }

  /** The defaults with the fields {@code overrides} names replaced; unknown fields are refused. */
  public static GoalPolicy fromJson(JsonObject overrides) {
    JsonObject merged = defaults().toJson();
    if (overrides != null) {
      for (String field : overrides.fieldNames()) {
        if (!merged.containsKey(field)) {
          throw new AgentryException(
              ErrorCode.BAD_USER_INPUT, "unknown goal policy field '" + field + "'");
        }
        merged.put(field, overrides.getValue(field));
      }
    }
    try {
      return new GoalPolicy(
          merged.getBoolean("requireTestsPass"),
          merged.getDouble("minCoverage"),
          merged.getBoolean("requireLintClean"),
          merged.getBoolean("requireArchitectApproval"),
          merged.getInteger("maxIterations"),
          merged.getInteger("maxDebugRounds"),
          merged.getInteger("maxReplans"),
          merged.getInteger("maxMinutes"),
          OnStuck.valueOf(merged.getString("onStuck").toUpperCase(Locale.ROOT)));
    } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT, "invalid goal policy: " + e.getMessage());
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("requireTestsPass", requireTestsPass)
        .put("minCoverage", minCoverage)
        .put("requireLintClean", requireLintClean)
        .put("requireArchitectApproval", requireArchitectApproval)
        .put("maxIterations", maxIterations)
        .put("maxDebugRounds", maxDebugRounds)
        .put("maxReplans", maxReplans)
        .put("maxMinutes", maxMinutes)
        .put("onStuck", onStuck.name());
  }

  private static void require(boolean ok, String field, String range) {
    if (!ok) {
      throw new AgentryException(
          ErrorCode.BAD_USER_INPUT, "goal policy " + field + " must be " + range);
    }
  }
}
