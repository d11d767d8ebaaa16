package io.agentry.core.llm;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.llm.replay.ModelRecording;
import io.agentry.core.llm.replay.RecordingProvider;
import io.agentry.core.llm.replay.ReplayProvider;
import io.agentry.core.testing.ScriptedTurn;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's model turns recorded to a file and replayed without a model. */
class ReplayTest {

  private static final ToolDefinition LIST_FILES =
      new ToolDefinition("list_files", "Lists files", new JsonObject().put("type", "object"));

  private static ModelRig rig;

  @BeforeAll
  static void start() {
    rig = ModelRig.start();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  /** A small agent loop: ask, run the tool calls the model asks for, until it answers in text. */
  private static List<ChatResponse> run(ModelClient client, String goal) {
    return run(client, goal, "coder", "");
  }

  /** The loop as {@code role}, with {@code detail} (say, a path) in every tool result. */
  private static List<ChatResponse> run(
      ModelClient client, String goal, String role, String detail) {
    List<ChatResponse> responses = new ArrayList<>();
    ChatRequest request =
        ChatRequest.builder().message(ChatMessage.user(goal)).tool(LIST_FILES).stream(true)
            .context(CallContext.of(null, null, role, 5))
            .build();
    for (int step = 0; step < 5; step++) {
      ChatResponse response = client.chat(request).await();
      responses.add(response);
      if (!response.hasToolCalls()) {
        break;
      }
      ChatRequest.Builder next = request.toBuilder().message(response.toMessage());
      for (ToolCall call : response.toolCalls()) {
        next.message(
            ChatMessage.toolResult(
                call.id(), "[\"a.txt\", \"b.txt\"] for " + call.arguments() + detail));
      }
      request = next.build();
    }
    return responses;
  }

  @Test
  void a_recorded_run_is_reproduced_by_the_replay_provider(@TempDir Path dir) throws Exception {
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("call_1", "list_files", "{\"dir\":\"src\"}")),
        ScriptedTurn.text("There are two files."));
    ModelRecording recording = ModelRecording.empty();
    ModelProvider live =
        RecordingProvider.wrap(
            ModelClient.httpProviders(rig.vertx, rig.settings, rig.catalog).get("scripted"),
            recording);
    List<ChatResponse> original = run(rig.client(Map.of("scripted", live)), "Count the files");
    Path file = dir.resolve("run.json");
    recording.save(rig.vertx, file).await();
    int requestsBefore = rig.server.received().size();

    ReplayProvider replay =
        ReplayProvider.of("scripted", ModelRecording.load(rig.vertx, file).await());
    List<ChatResponse> replayed = run(rig.client(Map.of("scripted", replay)), "Count the files");

    assertThat(Files.readString(file)).contains("list_files").contains("There are two files.");
    assertThat(replayed).hasSize(2);
    assertThat(replayed)
        .extracting(ChatResponse::content, ChatResponse::toolCalls)
        .containsExactlyElementsOf(
            original.stream()
                .map(r -> org.assertj.core.groups.Tuple.tuple(r.content(), r.toolCalls()))
                .toList());
    assertThat(rig.server.received().size()).as("no model was asked").isEqualTo(requestsBefore);
    assertThat(replay.remaining()).isZero();
  }

  @Test
  void a_run_that_diverges_from_the_recording_fails_clearly() {
    rig.server.enqueue(ScriptedTurn.text("Done."));
    ModelRecording recording = ModelRecording.empty();
    ModelProvider live =
        RecordingProvider.wrap(
            ModelClient.httpProviders(rig.vertx, rig.settings, rig.catalog).get("scripted"),
            recording);
    run(rig.client(Map.of("scripted", live)), "First goal");

    ModelClient replaying =
        rig.client(Map.of("scripted", ReplayProvider.of("scripted", recording)));

    assertThatThrownBy(() -> run(replaying, "Another goal"))
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR))
        .hasMessageContaining("replay diverged at turn 1: 'messages'");
  }

  @Test
  void a_lenient_replay_answers_runs_that_differ_in_details_as_often_as_asked() {
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("call_1", "list_files", "{\"dir\":\"src\"}")),
        ScriptedTurn.text("There are two files."));
    ModelRecording recording = ModelRecording.empty();
    ModelProvider live =
        RecordingProvider.wrap(
            ModelClient.httpProviders(rig.vertx, rig.settings, rig.catalog).get("scripted"),
            recording);
    run(rig.client(Map.of("scripted", live)), "Count the files", "coder", " in /tmp/run-1");
    assertThat(recording.turns()).extracting(ModelRecording.Turn::role).containsOnly("coder");
    ModelRecording reloaded = ModelRecording.fromJson(recording.toJson());
    int requestsBefore = rig.server.received().size();

    ReplayProvider replay = ReplayProvider.lenient("scripted", reloaded);
    ModelClient replaying = rig.client(Map.of("scripted", replay));
    for (int run = 2; run <= 3; run++) {
      List<ChatResponse> replayed =
          run(replaying, "Count the files, please", "coder", " in /tmp/run-" + run);
      assertThat(replayed)
          .extracting(ChatResponse::content)
          .containsExactly("", "There are two files.");
      assertThat(replayed.get(0).toolCalls())
          .extracting(ToolCall::name)
          .containsExactly("list_files");
    }

    assertThat(rig.server.received().size()).as("no model was asked").isEqualTo(requestsBefore);
    assertThatThrownBy(
            () ->
                ReplayProvider.of("scripted", reloaded)
                    .complete(
                        "test-model",
                        ChatRequest.builder()
                            .message(ChatMessage.user("Count the files, please"))
                            .build(),
                        d -> {})
                    .await())
        .as("the strict replay still tells the difference")
        .hasMessageContaining("replay diverged at turn 1: 'messages'");
  }

  @Test
  void a_lenient_replay_refuses_a_call_of_a_shape_it_never_recorded() {
    rig.server.enqueue(ScriptedTurn.text("Done."));
    ModelRecording recording = ModelRecording.empty();
    ModelProvider live =
        RecordingProvider.wrap(
            ModelClient.httpProviders(rig.vertx, rig.settings, rig.catalog).get("scripted"),
            recording);
    run(rig.client(Map.of("scripted", live)), "First goal", "coder", "");

    ModelClient replaying =
        rig.client(Map.of("scripted", ReplayProvider.lenient("scripted", recording)));

    assertThatThrownBy(() -> run(replaying, "First goal", "tester", ""))
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR))
        .hasMessageContaining(
            "replay has no recorded answer for a tester call with messages [user] and tools"
                + " [list_files]");
  }
}
