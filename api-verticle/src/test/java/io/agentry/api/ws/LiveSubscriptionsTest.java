package io.agentry.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.api.testing.ApiTestNode;
import io.agentry.core.auth.Role;
import io.agentry.core.bus.Addresses;
import io.agentry.core.jobs.bus.WorkerReport;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code agentActivity}, {@code jobUpdates} and {@code clusterStatus} through graphql-transport-ws:
 * what workers publish on the event bus and what the queue writes reach the right subscribers, and
 * only them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSubscriptionsTest {

  private ApiTestNode api;

  @BeforeAll
  void start() {
    api = ApiTestNode.start(Map.of());
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private String project(String token) {
    return api.data(
            token,
            "mutation($n: String!) { createProject(input: {name: $n}) { id } }",
            new JsonObject().put("n", "p-" + java.util.UUID.randomUUID()))
        .getJsonObject("createProject")
        .getString("id");
  }

  private String submitGoal(String token, String projectId) {
    return api.data(
            token,
            "mutation { submitGoal(projectId: \""
                + projectId
                + "\", goal: \"g\") { task { id } job { id } } }",
            null)
        .getJsonObject("submitGoal")
        .getJsonObject("task")
        .getString("id");
  }

  private WsClient connect(String token) throws InterruptedException {
    WsClient ws = WsClient.connect(api.vertx, api.api.actualPort()).init(token);
    assertThat(ws.next(5).getString("type")).isEqualTo("connection_ack");
    return ws;
  }

  private static JsonObject data(JsonObject message, String field) {
    assertThat(message.getString("type")).as(message.encode()).isEqualTo("next");
    return message.getJsonObject("payload").getJsonObject("data").getJsonObject(field);
  }

  private static String errorCode(JsonObject message) {
    JsonObject payload = message.getJsonObject("payload");
    return payload
        .getJsonArray("errors")
        .getJsonObject(0)
        .getJsonObject("extensions")
        .getString("code");
  }

  @Test
  void agent_activity_and_streamed_tokens_reach_the_projects_subscribers_only() throws Exception {
    String user = api.key(api.newTenant(), Role.USER);
    String projectId = project(user);
    String otherProject = project(user);
    String taskId = submitGoal(user, projectId);
    String otherTask = submitGoal(user, projectId);

    WsClient all = connect(user);
    all.subscribe(
        "a",
        "subscription { agentActivity(projectId: \""
            + projectId
            + "\") { projectId taskId jobId agentId role kind text tool data at } }");
    WsClient oneTask = connect(user);
    oneTask.subscribe(
        "t",
        "subscription { agentActivity(projectId: \""
            + projectId
            + "\", taskId: \""
            + taskId
            + "\") { taskId kind text } }");
    Thread.sleep(300); // the subscriptions register

    var bus = api.vertx.eventBus();
    bus.publish(
        Addresses.AGENT_ACTIVITY,
        new JsonObject()
            .put("projectId", otherProject)
            .put("kind", "monologue")
            .put("text", "not yours")
            .put("at", 1L));
    bus.publish(
        Addresses.AGENT_ACTIVITY,
        new JsonObject()
            .put("projectId", projectId)
            .put("taskId", otherTask)
            .put("jobId", 7)
            .put("role", "coder")
            .put("kind", "tool_call")
            .put("tool", "write_file")
            .put("data", new JsonObject().put("path", "a.py"))
            .put("text", "writing a.py")
            .put("at", 1_700_000_000_000L));
    bus.publish(
        Addresses.MODEL_TOKENS,
        new JsonObject()
            .put("projectId", projectId)
            .put("taskId", taskId)
            .put("callId", "c1")
            .put("seq", 0)
            .put("delta", "def "));
    bus.publish(
        Addresses.AGENT_ACTIVITY,
        new JsonObject()
            .put("projectId", projectId)
            .put("taskId", taskId)
            .put("kind", "monologue")
            .put("text", "now the tests")
            .put("at", 1_700_000_000_001L));

    JsonObject toolCall = data(all.next(5), "agentActivity");
    assertThat(toolCall.getString("kind")).isEqualTo("TOOL_CALL");
    assertThat(toolCall.getString("tool")).isEqualTo("write_file");
    assertThat(toolCall.getString("jobId")).isEqualTo("7");
    assertThat(toolCall.getString("role")).isEqualTo("coder");
    assertThat(toolCall.getJsonObject("data").getString("path")).isEqualTo("a.py");
    assertThat(toolCall.getString("at")).isEqualTo("2023-11-14T22:13:20Z");
    JsonObject tokens = data(all.next(5), "agentActivity");
    assertThat(tokens.getString("kind")).isEqualTo("TOKENS");
    assertThat(tokens.getString("text")).isEqualTo("def ");
    assertThat(tokens.getJsonObject("data").getString("callId")).isEqualTo("c1");
    assertThat(data(all.next(5), "agentActivity").getString("text")).isEqualTo("now the tests");
    assertThat(all.messages.poll(300, TimeUnit.MILLISECONDS)).isNull(); // nothing of otherProject

    assertThat(data(oneTask.next(5), "agentActivity").getString("kind")).isEqualTo("TOKENS");
    assertThat(data(oneTask.next(5), "agentActivity").getString("kind")).isEqualTo("MONOLOGUE");
    assertThat(oneTask.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();

    String stranger = api.key(api.newTenant(), Role.ADMIN);
    WsClient foreign = connect(stranger);
    foreign.subscribe(
        "x", "subscription { agentActivity(projectId: \"" + projectId + "\") { text } }");
    assertThat(errorCode(foreign.next(5))).isEqualTo("NOT_FOUND");
    all.socket.close().await();
    oneTask.socket.close().await();
    foreign.socket.close().await();
  }

  @Test
  void job_updates_report_each_change_of_the_projects_jobs() throws Exception {
    String user = api.key(api.newTenant(), Role.USER);
    String projectId = project(user);
    WsClient ws = connect(user);
    ws.subscribe(
        "j",
        "subscription { jobUpdates(projectId: \""
            + projectId
            + "\") { id kind state cancelRequested task { id } } }");
    Thread.sleep(800); // the first look at the project's jobs is the baseline
    String taskId = submitGoal(user, projectId);

    JsonObject queued = data(ws.next(5), "jobUpdates");
    assertThat(queued.getString("kind")).isEqualTo("planning");
    assertThat(queued.getString("state")).isEqualTo("QUEUED");
    assertThat(queued.getJsonObject("task").getString("id")).isEqualTo(taskId);

    api.data(user, "mutation { cancelTask(id: \"" + taskId + "\") { id } }", null);
    JsonObject cancelled = data(ws.next(5), "jobUpdates");
    assertThat(cancelled.getString("id")).isEqualTo(queued.getString("id"));
    assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
    assertThat(ws.messages.poll(1, TimeUnit.SECONDS)).isNull(); // nothing changed since

    WsClient viewerOfOther = connect(api.key(api.newTenant(), Role.VIEWER));
    viewerOfOther.subscribe(
        "x", "subscription { jobUpdates(projectId: \"" + projectId + "\") { id } }");
    assertThat(errorCode(viewerOfOther.next(5))).isEqualTo("NOT_FOUND");
    ws.socket.close().await();
    viewerOfOther.socket.close().await();
  }

  @Test
  void cluster_status_starts_with_the_current_state_and_follows_worker_reports() throws Exception {
    String admin = api.key(api.newTenant(), Role.ADMIN);
    String query =
        "subscription { clusterStatus { nodes { id local } workerPools { nodeId role capacity"
            + " inFlight } at } }";
    WsClient first = connect(admin);
    first.subscribe("c", query);
    JsonObject now = data(first.next(5), "clusterStatus");
    assertThat(now.getJsonArray("nodes").getJsonObject(0).getString("id"))
        .isEqualTo("api-test-node");

    api.vertx
        .eventBus()
        .publish(
            Addresses.WORKER_REPORTS,
            new WorkerReport("api-test-node", "coder", 4, 1, "d", 0, false, 0, false, false, 0)
                .toJson());
    JsonObject changed = data(first.next(5), "clusterStatus");
    assertThat(changed.getJsonArray("workerPools").getJsonObject(0).getInteger("capacity"))
        .isEqualTo(4);

    // A second subscriber of the same document joins the running stream and gets the state now.
    WsClient second = connect(admin);
    second.subscribe("c2", query);
    JsonObject joined = data(second.next(5), "clusterStatus");
    assertThat(joined.getJsonArray("workerPools")).hasSize(1);

    WsClient viewer = connect(api.key(api.newTenant(), Role.VIEWER));
    viewer.subscribe("v", "subscription { clusterStatus { at } }");
    assertThat(errorCode(viewer.next(5))).isEqualTo("FORBIDDEN");
    first.socket.close().await();
    second.socket.close().await();
    viewer.socket.close().await();
  }
}
