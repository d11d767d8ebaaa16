package io.agentry.core.llm;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.core.bus.Addresses;
import io.agentry.core.testing.ScriptedTurn;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire protocol against the scripted server: tool calls, their results, streaming. */
class StreamingAndToolCallsTest {

  private static final ToolDefinition READ_FILE =
      new ToolDefinition(
          "read_file",
          "Reads a file of the workspace",
          new JsonObject()
              .put("type", "object")
              .put(
                  "properties",
                  new JsonObject().put("path", new JsonObject().put("type", "string")))
              .put("required", List.of("path")));

  private static ModelRig rig;

  @BeforeAll
  static void start() {
    rig = ModelRig.start();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void tool_calls_split_across_stream_chunks_are_assembled_and_results_go_back() {
    String firstArgs = "{\"path\":\"src/main/App.java\",\"lines\":[1,2,3]}";
    String secondArgs = "{\"path\":\"README.md\"}";
    rig.server.enqueue(
        ScriptedTurn.toolCalls(
                call("call_a", "read_file", firstArgs), call("call_b", "read_file", secondArgs))
            .inChunksOf(3),
        ScriptedTurn.text("Both files read."));
    ChatRequest ask =
        ChatRequest.builder()
            .message(ChatMessage.system("You are a coder."))
            .message(ChatMessage.user("Read App.java and the README."))
            .tool(READ_FILE)
            .toolChoice("auto")
            .stream(true)
            .build();

    ChatResponse first = rig.client.chat(ask).await();

    assertThat(first.finishReason()).isEqualTo("tool_calls");
    assertThat(first.toolCalls())
        .containsExactly(
            new ToolCall("call_a", "read_file", firstArgs),
            new ToolCall("call_b", "read_file", secondArgs));
    assertThat(first.toolCalls().get(0).argumentsJson().getString("path"))
        .isEqualTo("src/main/App.java");
    assertThat(first.usage().estimated()).isFalse();

    ChatRequest answer =
        ask.toBuilder()
            .message(first.toMessage())
            .message(ChatMessage.toolResult("call_a", "class App {}"))
            .message(ChatMessage.toolResult("call_b", "# Readme"))
            .build();
    ChatResponse second = rig.client.chat(answer).await();

    assertThat(second.content()).isEqualTo("Both files read.");
    List<JsonObject> requests = rig.server.requests();
    JsonObject sent = requests.get(requests.size() - 1);
    assertThat(sent.getBoolean("stream")).isTrue();
    assertThat(sent.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(sent.getString("tool_choice")).isEqualTo("auto");
    assertThat(
            sent.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"))
        .isEqualTo("read_file");
    var messages = sent.getJsonArray("messages");
    JsonObject assistant = messages.getJsonObject(2);
    assertThat(assistant.getString("role")).isEqualTo("assistant");
    assertThat(
            assistant
                .getJsonArray("tool_calls")
                .getJsonObject(1)
                .getJsonObject("function")
                .getString("arguments"))
        .isEqualTo(secondArgs);
    assertThat(messages.getJsonObject(3).getString("role")).isEqualTo("tool");
    assertThat(messages.getJsonObject(3).getString("tool_call_id")).isEqualTo("call_a");
    assertThat(messages.getJsonObject(4).getString("tool_call_id")).isEqualTo("call_b");
    assertThat(rig.server.received().get(requests.size() - 1).authorization())
        .isEqualTo("Bearer sk-test-secret");
  }

  @Test
  void non_streamed_tool_calls_and_a_named_tool_choice_follow_the_protocol() {
    rig.server.enqueue(ScriptedTurn.toolCalls(call("call_x", "read_file", "{\"path\":\"a.txt\"}")));
    ChatRequest ask =
        ChatRequest.builder()
            .message(ChatMessage.user("Read a.txt"))
            .tool(READ_FILE)
            .toolChoice("read_file")
            .build();

    ChatResponse response = rig.client.chat(ask).await();

    assertThat(response.toolCalls()).extracting(ToolCall::id).containsExactly("call_x");
    JsonObject sent = rig.server.requests().get(rig.server.requests().size() - 1);
    assertThat(sent.getBoolean("stream")).isFalse();
    assertThat(sent.getJsonObject("tool_choice").getJsonObject("function").getString("name"))
        .isEqualTo("read_file");
  }

  @Test
  void streamed_tokens_are_published_on_the_event_bus_in_order_with_ids() {
    UUID projectId = UUID.randomUUID();
    UUID taskId = UUID.randomUUID();
    UUID agentId = UUID.randomUUID();
    List<JsonObject> seen = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer =
        rig.vertx
            .eventBus()
            .<JsonObject>consumer(
                Addresses.MODEL_TOKENS,
                m -> {
                  if (taskId.toString().equals(m.body().getString("taskId"))) {
                    seen.add(m.body());
                  }
                });
    consumer.completion().await();
    String text = "The quick brown fox jumps over the lazy dog, twice over.";
    rig.server.enqueue(ScriptedTurn.text(text).inChunksOf(5));
    List<String> direct = new CopyOnWriteArrayList<>();
    ChatRequest ask =
        ChatRequest.builder().message(ChatMessage.user("Tell me about the fox.")).stream(true)
            .context(CallContext.of(projectId, taskId, "coder", 3).withJob(42).withAgent(agentId))
            .build();

    ChatResponse response = rig.client.chat(ask, direct::add).await();

    int pieces = (text.length() + 4) / 5;
    awaitSize(seen, pieces);
    consumer.unregister().await();
    assertThat(response.content()).isEqualTo(text);
    assertThat(seen)
        .extracting(m -> m.getLong("seq"))
        .containsExactlyElementsOf(LongStream.range(0, pieces).boxed().toList());
    assertThat(String.join("", seen.stream().map(m -> m.getString("delta")).toList()))
        .isEqualTo(text);
    assertThat(direct)
        .containsExactlyElementsOf(seen.stream().map(m -> m.getString("delta")).toList());
    JsonObject first = seen.get(0);
    assertThat(first.getString("projectId")).isEqualTo(projectId.toString());
    assertThat(first.getString("agentId")).isEqualTo(agentId.toString());
    assertThat(first.getLong("jobId")).isEqualTo(42L);
    assertThat(first.getString("callId")).isEqualTo(response.callId().toString());
  }

  private static void awaitSize(List<?> list, int size) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (list.size() < size && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
