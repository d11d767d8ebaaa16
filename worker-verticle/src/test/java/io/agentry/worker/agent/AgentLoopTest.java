package io.agentry.worker.agent;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.error.ErrorCode;
import io.agentry.core.ledger.LedgerEvent;
import io.agentry.core.llm.CallContext;
import io.agentry.core.llm.ChatMessage;
import io.agentry.core.llm.ChatMessage.Role;
import io.agentry.core.llm.ToolDefinition;
import io.agentry.core.llm.usage.BudgetScope;
import io.agentry.core.testing.ErrorAssertions;
import io.agentry.core.testing.ScriptedTurn;
import io.agentry.worker.agent.StepOutcome.Kind;
import io.agentry.worker.tools.Schemas;
import io.agentry.worker.workspace.Workspace;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One step of an agent against the scripted model: turns, tools, the ledger, finishing, limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentLoopTest {

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
  }

  @Test
  void a_step_runs_two_tool_calls_and_finishes_with_the_models_answer() throws Exception {
    CallContext callContext = rig.newCall().withJob(4242);
    Workspace workspace = rig.workspace();
    int before = rig.server.requests().size();
    rig.server.enqueue(
        ScriptedTurn.toolCalls(
            call("c1", "append_line", "{\"line\":\"one\"}"),
            call("c2", "read_file", "{\"path\":\"log.txt\"}")),
        ScriptedTurn.text("All done: log.txt holds one line."));

    StepOutcome outcome = rig.run(rig.step("job:4242", callContext, workspace));

    assertThat(outcome.kind()).isEqualTo(Kind.FINISHED);
    assertThat(outcome.finalText()).isEqualTo("All done: log.txt holds one line.");
    assertThat(outcome.turns()).isEqualTo(2);
    assertThat(outcome.observations())
        .extracting(ToolObservation::tool, ToolObservation::status, ToolObservation::output)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("append_line", "OK", "appended one"),
            org.assertj.core.groups.Tuple.tuple("read_file", "OK", "one\n"));
    assertThat(AgentRig.readLog(workspace)).isEqualTo("one\n");

    List<LedgerEvent> events = rig.events(callContext, "job:4242");
    assertThat(events)
        .extracting(LedgerEvent::type)
        .containsExactly(
            "ModelTurn",
            "ToolCalled",
            "ToolObserved",
            "ToolCalled",
            "ToolObserved",
            "ModelTurn",
            "StepFinished");
    LedgerEvent turn = events.get(0);
    assertThat(turn.payload().getInteger("turn")).isEqualTo(1);
    assertThat(turn.payload().getString("model")).isEqualTo(AgentRig.MODEL);
    assertThat(turn.payload().getJsonArray("toolCalls").getJsonObject(0).getString("name"))
        .isEqualTo("append_line");
    assertThat(turn.payload().getJsonObject("usage").getLong("inputTokens")).isPositive();
    // Actions answer their turn, observations their action.
    assertThat(events.get(1).causeSeq()).isEqualTo(turn.seq());
    assertThat(events.get(2).causeSeq()).isEqualTo(events.get(1).seq());
    assertThat(events.get(3).causeSeq()).isEqualTo(turn.seq());
    assertThat(events.get(4).causeSeq()).isEqualTo(events.get(3).seq());
    assertThat(events.get(1).payload().getString("arguments")).isEqualTo("{\"line\":\"one\"}");
    assertThat(events.get(4).payload().getString("output")).isEqualTo("one\n");
    for (LedgerEvent event : events) {
      assertThat(event.source()).isEqualTo(LedgerEvent.Source.AGENT);
      JsonObject p = event.payload();
      assertThat(p.getString("stepKey")).isEqualTo("job:4242");
      assertThat(p.getString("taskId")).isEqualTo(callContext.taskId().toString());
      assertThat(p.getLong("jobId")).isEqualTo(4242L);
      assertThat(p.getString("agentId")).isEqualTo(callContext.agentId().toString());
      assertThat(p.getString("role")).isEqualTo("coder");
    }
    assertThat(events.get(6).payload().getString("kind")).isEqualTo("FINISHED");

    // The model saw the tool schemas, streamed, and got both results back in order.
    List<JsonObject> requests = rig.server.requests().subList(before, before + 2);
    assertThat(requests.get(0).getBoolean("stream")).isTrue();
    assertThat(
            requests.get(0).getJsonArray("tools").stream()
                .map(t -> ((JsonObject) t).getJsonObject("function").getString("name"))
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "append_line", "echo", "fail_always", "big_output", "read_file", "write_file");
    List<ChatMessage> second = rig.conversations().get(before + 1);
    assertThat(second)
        .extracting(ChatMessage::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL);
    assertThat(second.get(3).content()).isEqualTo("appended one");
    assertThat(second.get(4).toolCallId()).isEqualTo("c2");

    // Live activity went out as it happened.
    List<JsonObject> mine = activityOf(callContext);
    assertThat(mine)
        .extracting(a -> a.getString("kind"))
        .contains("tool_call", "tool_result", "monologue", "status");
    assertThat(mine)
        .filteredOn(a -> a.getString("kind").equals("monologue"))
        .singleElement()
        .satisfies(a -> assertThat(a.getString("text")).startsWith("All done"));
    assertThat(mine)
        .filteredOn(a -> a.getString("kind").equals("tool_call"))
        .extracting(a -> a.getString("tool"))
        .containsExactly("append_line", "read_file");
  }

  @Test
  void calling_a_finish_tool_ends_the_step_with_its_arguments_after_invalid_ones_are_refused() {
    CallContext callContext = rig.newCall();
    ToolDefinition submit =
        new ToolDefinition(
            "submit_plan",
            "Submit the plan; ends the step.",
            Schemas.object()
                .string("summary", "one line", true)
                .integer("tasks", "how many tasks", true)
                .build());
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("f1", "submit_plan", "{\"summary\":\"plan\"}")),
        ScriptedTurn.toolCalls(
            call("e1", "echo", "{\"text\":\"checking\"}"),
            call("f2", "submit_plan", "{\"summary\":\"plan\",\"tasks\":3}"),
            call("e2", "echo", "{\"text\":\"never runs\"}")));

    StepOutcome outcome =
        rig.run(
            rig.step(
                "finish-tool",
                callContext,
                rig.workspace(),
                List.of(submit),
                StepLimits.defaults(),
                null));

    assertThat(outcome.kind()).isEqualTo(Kind.FINISHED);
    assertThat(outcome.finishTool()).isEqualTo("submit_plan");
    assertThat(outcome.finishArgs())
        .isEqualTo(new JsonObject().put("summary", "plan").put("tasks", 3));
    assertThat(outcome.observations())
        .extracting(ToolObservation::callId, ToolObservation::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("f1", "INVALID_ARGUMENTS"),
            org.assertj.core.groups.Tuple.tuple("e1", "OK"));
    assertThat(outcome.observations().get(0).output()).contains("arguments.tasks is required");
    LedgerEvent finished = rig.events(callContext, "finish-tool").getLast();
    assertThat(finished.type()).isEqualTo("StepFinished");
    assertThat(finished.payload().getString("finishTool")).isEqualTo("submit_plan");
    assertThat(finished.payload().getJsonObject("finishArgs").getInteger("tasks")).isEqualTo(3);
  }

  @Test
  void a_step_that_uses_up_its_turns_ends_with_limit_reached() {
    CallContext callContext = rig.newCall();
    int before = rig.server.requests().size();
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("a", "echo", "{\"text\":\"1\"}")),
        ScriptedTurn.toolCalls(call("b", "echo", "{\"text\":\"2\"}")),
        ScriptedTurn.text("never asked"));

    StepOutcome outcome =
        rig.run(
            rig.step(
                "limit",
                callContext,
                rig.workspace(),
                List.of(),
                StepLimits.defaults().withMaxTurns(2),
                null));

    assertThat(outcome.kind()).isEqualTo(Kind.LIMIT_REACHED);
    assertThat(outcome.reason()).contains("limit of 2 model turns");
    assertThat(outcome.turns()).isEqualTo(2);
    assertThat(rig.server.requests().size() - before).isEqualTo(2);
    assertThat(rig.types(callContext, "limit")).last().isEqualTo("StepFinished");
  }

  @Test
  void a_long_step_is_condensed_to_stay_inside_the_window_and_the_condensation_is_recorded() {
    CallContext callContext = rig.newCall();
    int window = 1500;
    int before = rig.server.requests().size();
    for (int n = 1; n <= 10; n++) {
      rig.server.enqueue(
          ScriptedTurn.toolCalls(call("big" + n, "big_output", "{\"n\":" + n + "}")));
    }
    rig.server.enqueue(ScriptedTurn.text("Read all ten."));

    StepOutcome outcome =
        rig.run(
            rig.step(
                "long",
                callContext,
                rig.workspace(),
                List.of(),
                StepLimits.defaults().withContextTokens(window),
                null));

    assertThat(outcome.kind()).isEqualTo(Kind.FINISHED);
    assertThat(outcome.turns()).isEqualTo(11);
    assertThat(outcome.observations()).hasSize(10);
    List<JsonObject> requests = rig.server.requests().subList(before, before + 11);
    for (JsonObject request : requests) {
      assertThat(AgentRig.estimate(request)).isLessThanOrEqualTo((long) (window * 0.8));
    }
    List<List<ChatMessage>> conversations = rig.conversations().subList(before, before + 11);
    for (List<ChatMessage> messages : conversations) {
      assertThat(messages.get(0).content()).isEqualTo("You are a careful test agent.");
      assertThat(messages.get(1).content()).isEqualTo("Do the task step by step.");
      ContextCondenserTest.assertToolResultsFollowTheirCalls(messages);
    }
    // The last request still holds the latest result verbatim, and a summary of the oldest ones.
    List<ChatMessage> last = conversations.getLast();
    assertThat(last.getLast().content()).startsWith("result 10 lorem");
    assertThat(last.get(2).content())
        .startsWith(ContextCondenser.SUMMARY_MARKER)
        .contains("- big_output {\"n\":1} → result 1 lorem");
    List<LedgerEvent> condensed =
        rig.events(callContext, "long").stream()
            .filter(e -> e.type().equals("ContextCondensed"))
            .toList();
    assertThat(condensed).isNotEmpty();
    JsonObject first = condensed.get(0).payload();
    assertThat(first.getInteger("removed")).isPositive();
    assertThat(first.getLong("tokensAfter")).isLessThan(first.getLong("tokensBefore"));
    assertThat(first.getBoolean("forced")).isFalse();
    assertThat(first.getString("summary")).startsWith(ContextCondenser.SUMMARY_MARKER);
  }

  @Test
  void a_step_over_its_budget_fails_with_budget_exceeded_and_asks_nothing() {
    CallContext callContext = rig.newCall();
    rig.runtime.usage().setBudget(BudgetScope.PROJECT, callContext.projectId(), 10L, null).await();
    int before = rig.server.requests().size();
    rig.server.enqueue(ScriptedTurn.text("unreachable"));

    ErrorAssertions.assertFailsWith(
        ErrorCode.BUDGET_EXCEEDED, () -> rig.run(rig.step("budget", callContext, rig.workspace())));

    assertThat(rig.server.requests().size()).isEqualTo(before);
    assertThat(rig.types(callContext, "budget")).isEmpty();
  }

  @Test
  void model_failures_propagate_with_their_code() {
    CallContext callContext = rig.newCall();
    rig.server.enqueue(ScriptedTurn.error(401, "{\"error\":\"bad key\"}"));

    ErrorAssertions.assertFailsWith(
        ErrorCode.MODEL_AUTH_FAILED, () -> rig.run(rig.step("auth", callContext, rig.workspace())));
  }

  @Test
  void a_finish_tool_may_not_shadow_a_tool_of_the_agent() {
    ToolDefinition clash = new ToolDefinition("echo", "", null);
    CallContext callContext = rig.newCall();
    ErrorAssertions.assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () ->
            rig.run(
                rig.step(
                    "clash",
                    callContext,
                    rig.workspace(),
                    List.of(clash),
                    StepLimits.defaults(),
                    null)),
        "finish tool 'echo'");
  }

  @Test
  void a_step_without_a_project_is_refused_with_a_clear_error() {
    ErrorAssertions.assertFailsWith(
        ErrorCode.BAD_USER_INPUT,
        () -> rig.step("no-project", CallContext.none(), rig.workspace()),
        "projectId");
  }

  private List<JsonObject> activityOf(CallContext callContext) {
    String project = callContext.projectId().toString();
    return rig.activity.stream().filter(a -> project.equals(a.getString("projectId"))).toList();
  }

  static Map<String, Long> countTypes(List<LedgerEvent> events) {
    return events.stream().collect(Collectors.groupingBy(LedgerEvent::type, Collectors.counting()));
  }
}
