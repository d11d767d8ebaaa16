package io.agentry.core.goals;

import io.agentry.core.tasks.NewTask;
import java.util.UUID;

/**
 * A goal to run: the task to create for it, the agent that should work on it (or {@code null} to
 * let the director assign), and the policy it runs under.
 */
public record GoalRequest(NewTask task, UUID agentId, GoalPolicy policy) {

  public GoalRequest {
    policy = policy == null ? GoalPolicy.defaults() : policy;
  }
}
