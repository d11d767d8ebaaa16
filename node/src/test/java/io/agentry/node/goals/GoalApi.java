package io.agentry.node.goals;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.node.testing.GraphQLProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The GraphQL calls the goal tests make, as a user's client would make them. */
final class GoalApi {

  private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "CANCELLED");

  private final GraphQLProbe probe;

  GoalApi(int port) {
    this.probe = new GraphQLProbe(port);
  }

  JsonObject data(String query) throws Exception {
    JsonObject response = probe.query(query);
    assertThat(response.getJsonArray("errors")).as(response.encodePrettily()).isNull();
    return response.getJsonObject("data");
  }

  String createProject(String prefix) throws Exception {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    return data("mutation { createProject(input: {name: \"" + name + "\"}) { id } }")
        .getJsonObject("createProject")
        .getString("id");
  }

  String submitGoal(String projectId, String goal, JsonObject policy) throws Exception {
    String policyArg = policy == null ? "" : ", policy: " + graphqlObject(policy);
    return data("mutation { submitGoal(projectId: \""
            + projectId
            + "\", goal: "
            + new JsonArray().add(goal).encode().replaceAll("^\\[|\\]$", "")
            + policyArg
            + ") { task { id } } }")
        .getJsonObject("submitGoal")
        .getJsonObject("task")
        .getString("id");
  }

  /** Polls the task until it is finished; returns it with its goal run. */
  JsonObject awaitFinished(String taskId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject task;
    do {
      task = task(taskId);
      if (FINISHED.contains(task.getString("status"))) {
        return task;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("task still " + task.encodePrettily() + " after " + timeout);
  }

  /** Waits for a job of the project to wait for a person; returns its id. */
  String awaitJobAwaitingApproval(String projectId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonArray edges =
          data("{ jobs(projectId: \""
                  + projectId
                  + "\", state: [AWAITING_APPROVAL], first: 10) { edges { node { id } } } }")
              .getJsonObject("jobs")
              .getJsonArray("edges");
      if (!edges.isEmpty()) {
        return edges.getJsonObject(0).getJsonObject("node").getString("id");
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no job of " + projectId + " waited for approval within " + timeout);
  }

  JsonObject task(String taskId) throws Exception {
    return data("{ task(id: \""
            + taskId
            + "\") { id status stage progress currentStep error result"
            + " goalRun { state phase iteration debugRounds stopReason facts } } }")
        .getJsonObject("task");
  }

  /** The project's whole ledger, oldest first. */
  List<JsonObject> ledger(String projectId) throws Exception {
    List<JsonObject> events = new ArrayList<>();
    String after = null;
    while (true) {
      JsonObject page =
          data("{ ledger(projectId: \""
                  + projectId
                  + "\", first: 100"
                  + (after == null ? "" : ", after: \"" + after + "\"")
                  + ") { edges { cursor node { seq type source causeSeq payload } }"
                  + " pageInfo { hasNextPage } } }")
              .getJsonObject("ledger");
      JsonArray edges = page.getJsonArray("edges");
      for (int i = 0; i < edges.size(); i++) {
        events.add(edges.getJsonObject(i).getJsonObject("node"));
        after = edges.getJsonObject(i).getString("cursor");
      }
      if (!page.getJsonObject("pageInfo").getBoolean("hasNextPage")) {
        return events;
      }
    }
  }

  static List<String> types(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("type")).toList();
  }

  static List<JsonObject> ofType(List<JsonObject> events, String type) {
    return events.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  /** A JSON object as a GraphQL input literal (keys unquoted). */
  private static String graphqlObject(JsonObject json) {
    StringBuilder out = new StringBuilder("{");
    json.forEach(
        entry -> {
          if (out.length() > 1) {
            out.append(", ");
          }
          Object v = entry.getValue();
          out.append(entry.getKey())
              .append(": ")
              .append(
                  v instanceof String s
                      ? new JsonArray().add(s).encode().replaceAll("^\\[|\\]$", "")
                      : v);
        });
    return out.append('}').toString();
  }
}
