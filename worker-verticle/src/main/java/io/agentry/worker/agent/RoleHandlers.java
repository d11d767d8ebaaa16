package io.agentry.worker.agent;

import io.agentry.worker.handlers.HandlerRegistry;

/**
 * The extension point where the agent roles (architect, coder, tester, debugger) register their job
 * handlers on a worker node. {@link io.agentry.worker.WorkerVerticle} calls {@link #register} once
 * at start, after the {@link AgentRuntime} is built and before any job runs. It registers nothing
 * yet: the role handlers are built on top of {@link AgentLoop} separately.
 */
public final class RoleHandlers {

  private RoleHandlers() {}

  public static HandlerRegistry register(HandlerRegistry handlers, AgentRuntime runtime) {
    return handlers;
  }
}
