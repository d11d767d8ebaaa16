package io.agentry.core.agents;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The status of an agent definition. The table below is every edge there is; {@link AgentAction}
 * names the edges (start, pause, ...) and a service moves an agent only through an action.
 *
 * <pre>
 * created  → running (start)
 * running  → paused (pause) | stopped (stop) | crashed (crash)
 * paused   → running (resume) | stopped (stop)
 * stopped  → running (start)
 * crashed  → running (restart) | disabled_flapping (too many crashes) | stopped (stop)
 * disabled_flapping → running (start: a person decided to try again)
 * any of the above → deleted (delete); deleted is final
 * </pre>
 */
public enum AgentStatus {
  CREATED,
  RUNNING,
  PAUSED,
  STOPPED,
  CRASHED,
  DISABLED_FLAPPING,
  DELETED;

  private static final Map<AgentStatus, Set<AgentStatus>> ALLOWED =
      Map.of(
          CREATED, EnumSet.of(RUNNING, DELETED),
          RUNNING, EnumSet.of(PAUSED, STOPPED, CRASHED, DELETED),
          PAUSED, EnumSet.of(RUNNING, STOPPED, DELETED),
          STOPPED, EnumSet.of(RUNNING, DELETED),
          CRASHED, EnumSet.of(RUNNING, DISABLED_FLAPPING, STOPPED, DELETED),
          DISABLED_FLAPPING, EnumSet.of(RUNNING, DELETED),
          DELETED, EnumSet.noneOf(AgentStatus.class));

  public boolean canMoveTo(AgentStatus next) {
    return ALLOWED.get(this).contains(next);
  }

  /** The value stored in {@code agents.status}. */
  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AgentStatus fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
