package io.agentry.core.agents;

import static io.agentry.core.agents.AgentStatus.CRASHED;
import static io.agentry.core.agents.AgentStatus.CREATED;
import static io.agentry.core.agents.AgentStatus.DELETED;
import static io.agentry.core.agents.AgentStatus.DISABLED_FLAPPING;
import static io.agentry.core.agents.AgentStatus.PAUSED;
import static io.agentry.core.agents.AgentStatus.RUNNING;
import static io.agentry.core.agents.AgentStatus.STOPPED;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A named lifecycle step: where it may start, where it ends, and the ledger event recording it.
 * Several actions end in {@code RUNNING}; naming them keeps "resume a paused agent" apart from
 * "start a stopped one", both for the caller and in the ledger.
 */
public enum AgentAction {
  START(RUNNING, "AgentStarted", CREATED, STOPPED, DISABLED_FLAPPING),
  PAUSE(PAUSED, "AgentPaused", RUNNING),
  RESUME(RUNNING, "AgentResumed", PAUSED),
  STOP(STOPPED, "AgentStopped", RUNNING, PAUSED, CRASHED),
  CRASH(CRASHED, "AgentCrashed", RUNNING),
  RESTART(RUNNING, "AgentRestarted", CRASHED),
  DISABLE_FLAPPING(DISABLED_FLAPPING, "AgentDisabledFlapping", CRASHED),
  DELETE(DELETED, "AgentDeleted", CREATED, RUNNING, PAUSED, STOPPED, CRASHED, DISABLED_FLAPPING);

  private final AgentStatus target;
  private final String eventType;
  private final Set<AgentStatus> from;

  AgentAction(AgentStatus target, String eventType, AgentStatus first, AgentStatus... more) {
    this.target = target;
    this.eventType = eventType;
    this.from = EnumSet.of(first, more);
    for (AgentStatus status : from) {
      if (!status.canMoveTo(target)) {
        throw new IllegalStateException(name() + ": " + status + " → " + target + " not allowed");
      }
    }
  }

  public AgentStatus target() {
    return target;
  }

  /** The ledger event type written when the action happens. */
  public String eventType() {
    return eventType;
  }

  public boolean allowedFrom(AgentStatus status) {
    return from.contains(status);
  }

  /** The status after this action; {@code ILLEGAL_STATE} if it is not allowed from {@code from}. */
  public AgentStatus apply(AgentStatus from) {
    if (!allowedFrom(from)) {
      throw new AgentryException(
          ErrorCode.ILLEGAL_STATE,
          "cannot "
              + name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " an agent that is "
              + from.db());
    }
    return target;
  }
}
