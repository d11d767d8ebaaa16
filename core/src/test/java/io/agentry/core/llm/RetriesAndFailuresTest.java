package io.agentry.core.llm;

import static io.agentry.core.testing.ScriptedTurn.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.testing.ScriptedModelServer.Received;
import io.agentry.core.testing.ScriptedTurn;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retries with backoff and Retry-After, timeouts, and malformed answers becoming clear errors. */
class RetriesAndFailuresTest {

  private static ModelRig rig;

  @BeforeAll
  static void start() {
    rig = ModelRig.start();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.builder()
        .message(ChatMessage.user(text + " " + UUID.randomUUID()))
        .context(CallContext.of(null, UUID.randomUUID(), "coder", 4))
        .build();
  }

  private static Row callRow(UUID callId) {
    return rig.pool
        .preparedQuery("SELECT * FROM model_calls WHERE id = $1")
        .execute(Tuple.of(callId))
        .await()
        .iterator()
        .next();
  }

  @Test
  void a_429_with_retry_after_is_retried_no_sooner_than_asked() {
    int before = rig.server.received().size();
    rig.server.enqueue(
        ScriptedTurn.error(429, "{\"error\":{\"message\":\"slow down\"}}").withRetryAfter("1"),
        ScriptedTurn.text("finally"));

    ChatResponse response = rig.client.chat(ask("hello")).await();

    assertThat(response.content()).isEqualTo("finally");
    List<Received> received = rig.server.received().subList(before, before + 2);
    Duration gap =
        Duration.ofNanos(received.get(1).receivedAtNanos() - received.get(0).receivedAtNanos());
    assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(callRow(response.callId()).getInteger("attempts")).isEqualTo(2);
  }

  @Test
  void retry_after_as_an_http_date_is_understood() {
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    assertThat(ModelRetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(ModelRetryPolicy.parseRetryAfter("3", now)).isEqualTo(Duration.ofSeconds(3));
    assertThat(ModelRetryPolicy.parseRetryAfter("soon", now)).isNull();
  }

  @Test
  void a_500_then_success_is_retried_and_succeeds() {
    int before = rig.server.received().size();
    rig.server.enqueue(
        ScriptedTurn.error(500, "{\"error\":\"boom\"}"), ScriptedTurn.text("ok now"));

    ChatResponse response = rig.client.chat(ask("hello")).await();

    assertThat(response.content()).isEqualTo("ok now");
    assertThat(rig.server.received().size() - before).isEqualTo(2);
    Row row = callRow(response.callId());
    assertThat(row.getString("status")).isEqualTo("ok");
    assertThat(row.getInteger("attempts")).isEqualTo(2);
  }

  @Test
  void persistent_5xx_fails_with_model_unavailable_after_the_allowed_attempts() {
    int before = rig.server.received().size();
    rig.server.enqueue(
        ScriptedTurn.error(503, "down"),
        ScriptedTurn.error(502, "down"),
        ScriptedTurn.error(500, "down"));

    assertThatThrownBy(() -> rig.client.chat(ask("hello")).await())
        .isInstanceOfSatisfying(
            AgentryException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE))
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("after 3 attempts");
    assertThat(rig.server.received().size() - before).isEqualTo(3);
  }

  @Test
  void rejected_credentials_fail_at_once_as_auth_errors() {
    int before = rig.server.received().size();
    rig.server.enqueue(ScriptedTurn.error(401, "{\"error\":\"bad key\"}"));

    assertThatThrownBy(() -> rig.client.chat(ask("hello")).await())
        .isInstanceOfSatisfying(
            AgentryException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_AUTH_FAILED))
        .message()
        .doesNotContain("sk-test-secret");
    assertThat(rig.server.received().size() - before).isEqualTo(1);
  }

  @Test
  void a_model_slower_than_the_timeout_fails_with_timeout_and_is_not_waited_for() {
    rig.server.enqueue(ScriptedTurn.text("too late").after(Duration.ofSeconds(5)));
    ChatRequest slow = ask("hello").toBuilder().timeout(Duration.ofMillis(300)).build();
    long started = System.nanoTime();

    assertThatThrownBy(() -> rig.client.chat(slow).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
        .hasMessageContaining("timed out after 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void a_response_that_is_not_json_is_a_model_error() {
    rig.server.enqueue(ScriptedTurn.malformed("<html>502 Bad Gateway</html>"));

    assertThatThrownBy(() -> rig.client.chat(ask("hello")).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void a_response_without_choices_is_a_model_error() {
    rig.server.enqueue(ScriptedTurn.malformed("{\"id\":\"x\",\"choices\":[]}"));

    assertThatThrownBy(() -> rig.client.chat(ask("hello")).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR))
        .hasMessageContaining("no choices");
  }

  @Test
  void a_malformed_stream_chunk_is_a_model_error() {
    rig.server.enqueue(ScriptedTurn.malformed("{\"choices\":[{\"delta\":"));
    ChatRequest streamed = ask("hello").toBuilder().stream(true).build();

    assertThatThrownBy(() -> rig.client.chat(streamed).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR))
        .hasMessageContaining("stream chunk is not valid JSON");
  }

  @Test
  void tool_call_arguments_that_are_not_json_are_a_model_error_and_still_charged() {
    ChatRequest request = ask("hello").toBuilder().stream(true).build();
    rig.server.enqueue(
        ScriptedTurn.toolCalls(call("call_1", "write_file", "{\"path\": \"a.txt\", \"content\": "))
            .withUsage(20, 7));

    assertThatThrownBy(() -> rig.client.chat(request).await())
        .isInstanceOfSatisfying(
            AgentryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR))
        .hasMessageContaining("call_1 (write_file) has arguments that are not a JSON object");
    Row row =
        rig.pool
            .preparedQuery("SELECT * FROM model_calls WHERE task_id = $1")
            .execute(Tuple.of(request.context().taskId()))
            .await()
            .iterator()
            .next();
    assertThat(row.getString("status")).isEqualTo("failed");
    assertThat(row.getString("error_code")).isEqualTo("MODEL_ERROR");
    assertThat(row.getLong("input_tokens")).isEqualTo(20);
    assertThat(row.getLong("output_tokens")).isEqualTo(7);
  }
}
