package io.agentry.worker.agent;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.llm.CallContext;
import io.agentry.core.testing.ErrorAssertions;
import io.agentry.core.testing.ScriptedTurn;
import io.agentry.worker.agent.StepOutcome.Kind;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A step whose attempt died resumes from the ledger in a fresh loop: recorded turns are not asked
 * again, observed calls are not run again (their side effects happen once), and only an action
 * recorded without its observation runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentResumeTest {

  private AgentRig rig;

  @BeforeAll
  void start() {
    rig = AgentRig.start();
  }

  @AfterAll
  void stop() {
    rig.close();
  }

  @BeforeEach
  void reset() {
    rig.server.clearScript();
    rig.hangOn.set(null);
  }

  /** A loop of its own, as a restarted node would build it, on the same ledger and tools. */
  private AgentLoop freshLoop() {
    return AgentLoop.create(
        rig.vertx, rig.runtime.models(), rig.runtime.tools(), rig.runtime.ledger());
  }

  @Test
  void a_step_that_died_between_turns_resumes_without_repeating_turns_or_side_effects()
      throws Exception {
    CallContext callContext = rig.newCall();
    Workspace workspace = rig.workspace();
    AgentStep step = rig.step("job:resume-1", callContext, workspace);
    int before = rig.server.requests().size();
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("a", "append_line", "{\"line\":\"a\"}")),
        ScriptedTurn.toolCalls(call("b", "append_line", "{\"line\":\"b\"}")),
        // The attempt dies here: the provider refuses, the job fails.
        ScriptedTurn.error(401, "{\"error\":\"key revoked\"}"));

    ErrorAssertions.assertFailsWith(
        ErrorCode.MODEL_AUTH_FAILED, () -> freshLoop().run(step, null).await());
    assertThat(AgentRig.readLog(workspace)).isEqualTo("a\nb\n");

    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("c", "append_line", "{\"line\":\"c\"}")),
        ScriptedTurn.text("Appended a, b and c."));
    StepOutcome outcome = freshLoop().run(step, null).await();

    assertThat(outcome.kind()).isEqualTo(Kind.FINISHED);
    assertThat(outcome.turns()).isEqualTo(4);
    assertThat(outcome.observations())
        .extracting(ToolObservation::callId)
        .containsExactly("a", "b", "c");
    assertThat(AgentRig.readLog(workspace)).isEqualTo("a\nb\nc\n");
    // Two turns, the refused call, then only the two new turns: the refused request was the only
    // one asked again, and with exactly the conversation it had.
    assertThat(rig.server.requests().size() - before).isEqualTo(5);
    var conversations = rig.conversations();
    assertThat(conversations.get(before + 3)).isEqualTo(conversations.get(before + 2));
    assertThat(AgentLoopTest.countTypes(rig.events(callContext, "job:resume-1")))
        .containsEntry("ModelTurn", 4L)
        .containsEntry("ToolCalled", 3L)
        .containsEntry("ToolObserved", 3L)
        .containsEntry("StepFinished", 1L);
  }

  @Test
  void an_action_recorded_without_its_observation_runs_once_on_resume() throws Exception {
    CallContext callContext = rig.newCall();
    Workspace workspace = rig.workspace();
    AgentStep step = rig.step("job:resume-2", callContext, workspace);
    int before = rig.server.requests().size();
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("a", "append_line", "{\"line\":\"a\"}")),
        ScriptedTurn.toolCalls(
            call("b", "append_line", "{\"line\":\"b\"}"),
            call("c", "append_line", "{\"line\":\"c\"}")),
        ScriptedTurn.text("Done."));
    // The first attempt's node dies inside the call for "b": the action is recorded, its
    // observation never is, and "c" was never started.
    rig.hangOn.set("b");
    Future<StepOutcome> dead = freshLoop().run(step, null);
    awaitEvents(
        callContext,
        "job:resume-2",
        events ->
            events.stream()
                .anyMatch(
                    e ->
                        e.type().equals("ToolCalled")
                            && e.payload().getString("callId").equals("b")));
    assertThat(AgentRig.readLog(workspace)).isEqualTo("a\n");

    rig.hangOn.set(null);
    StepOutcome outcome = freshLoop().run(step, null).await();

    assertThat(dead.isComplete()).isFalse();
    assertThat(outcome.kind()).isEqualTo(Kind.FINISHED);
    assertThat(outcome.finalText()).isEqualTo("Done.");
    assertThat(AgentRig.readLog(workspace)).isEqualTo("a\nb\nc\n");
    assertThat(rig.server.requests().size() - before).isEqualTo(3);
    List<LedgerEvent> events = rig.events(callContext, "job:resume-2");
    assertThat(
            events.stream()
                .filter(e -> e.type().equals("ToolCalled"))
                .map(e -> e.payload().getString("callId")))
        .containsExactly("a", "b", "c");
    assertThat(
            events.stream()
                .filter(e -> e.type().equals("ToolObserved"))
                .map(e -> e.payload().getString("callId")))
        .containsExactly("a", "b", "c");
  }

  @Test
  void a_finished_step_run_again_returns_its_outcome_without_asking_or_acting() throws Exception {
    CallContext callContext = rig.newCall();
    Workspace workspace = rig.workspace();
    AgentStep step = rig.step("job:resume-3", callContext, workspace);
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("a", "append_line", "{\"line\":\"once\"}")),
        ScriptedTurn.text("Finished."));
    StepOutcome first = rig.run(step);
    int before = rig.server.requests().size();
    int events = rig.events(callContext, "job:resume-3").size();

    StepOutcome again = freshLoop().run(step, null).await();

    assertThat(again).isEqualTo(first);
    assertThat(rig.server.requests().size()).isEqualTo(before);
    assertThat(rig.events(callContext, "job:resume-3")).hasSize(events);
    assertThat(AgentRig.readLog(workspace)).isEqualTo("once\n");
  }

  @Test
  void a_condensed_step_resumes_with_the_same_condensed_conversation() {
    CallContext callContext = rig.newCall();
    AgentStep step =
        rig.step(
            "job:resume-4",
            callContext,
            rig.workspace(),
            List.of(),
            StepLimits.defaults().withContextTokens(1500),
            null);
    int before = rig.server.requests().size();
    for (int n = 1; n <= 6; n++) {
      rig.server.enqueue(ScriptedTurn.toolCalls(call("n" + n, "big_output", "{\"n\":" + n + "}")));
    }
    rig.server.enqueue(ScriptedTurn.error(401, "{\"error\":\"key revoked\"}"));

    ErrorAssertions.assertFailsWith(
        ErrorCode.MODEL_AUTH_FAILED, () -> freshLoop().run(step, null).await());
    assertThat(rig.types(callContext, "job:resume-4")).contains("ContextCondensed");

    rig.server.enqueue(ScriptedTurn.text("Done."));
    StepOutcome outcome = freshLoop().run(step, null).await();

    assertThat(outcome.kind()).isEqualTo(Kind.FINISHED);
    assertThat(rig.server.requests().size() - before).isEqualTo(8);
    var conversations = rig.conversations();
    assertThat(conversations.get(before + 7)).isEqualTo(conversations.get(before + 6));
  }

  private void awaitEvents(
      CallContext callContext, String key, java.util.function.Predicate<List<LedgerEvent>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.test(rig.events(callContext, key))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "ledger never showed the expected events: " + rig.types(callContext, key));
      }
      Thread.sleep(20);
    }
  }
}
