package io.agentry.node.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The GraphQL calls a user's client makes, over HTTP with the JDK's client and a bearer API key:
 * find or create a project, submit a goal, read a task. The CLI uses it, and so does the node's
 * {@code --demo}, so the demo goal takes exactly the path a user's goal takes. Failures are {@link
 * CliException}s with exit code {@link AgentryCli#EXIT_API_ERROR} and a message naming the node's
 * error code.
 */
public final class ApiClient {

  /** What the CLI reads of a task: enough for the status line and the final summary. */
  public static final String TASK_FIELDS =
      "id goal status stage progress currentStep error result project { id name }"
          + " goalRun { state phase iteration debugRounds replans stopReason facts startedAt"
          + " finishedAt }";

  /** A submitted goal: its task, its project and the seq of its GoalSubmitted event. */
  public record Submission(String taskId, String projectId, long eventSeq) {}

  private final URI base;
  private final String token;
  private final HttpClient http;

  public ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI base() {
    return base;
  }

  /** Where the node's GraphQL subscriptions are served ({@code ws://…/graphql}). */
  public URI webSocketUri() {
    String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + "://" + base.getRawAuthority() + "/graphql");
  }

  String token() {
    return token;
  }

  HttpClient http() {
    return http;
  }

  /** Runs {@code document} and returns its {@code data}; any error in the answer fails the call. */
  public JsonObject query(String document, JsonObject variables) throws CliException {
    JsonObject body = new JsonObject().put("query", document);
    if (variables != null) {
      body.put("variables", variables);
    }
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/graphql"))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable(base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.unreachable("interrupted while waiting for " + base);
    }
    JsonObject answer;
    try {
      answer = new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      throw CliException.unreachable(
          base
              + " answered HTTP "
              + response.statusCode()
              + " without GraphQL: "
              + abbreviate(response.body()));
    }
    JsonArray errors = answer.getJsonArray("errors");
    if (errors != null && !errors.isEmpty()) {
      throw new CliException(AgentryCli.EXIT_API_ERROR, describe(errors.getJsonObject(0)));
    }
    if (response.statusCode() != 200 || answer.getJsonObject("data") == null) {
      throw CliException.unreachable(
          base + " answered HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
    }
    return answer.getJsonObject("data");
  }

  /** The project of that name in the key's tenant, created when there is none. */
  public JsonObject ensureProject(String name) throws CliException {
    JsonObject found = projectNamed(name);
    if (found != null) {
      return found;
    }
    try {
      return query(
              "mutation($name: String!) { createProject(input: {name: $name}) { id name } }",
              new JsonObject().put("name", name))
          .getJsonObject("createProject");
    } catch (CliException e) {
      // Someone created it between our look and our write.
      JsonObject raced = projectNamed(name);
      if (raced != null) {
        return raced;
      }
      throw e;
    }
  }

  private JsonObject projectNamed(String name) throws CliException {
    String after = null;
    while (true) {
      JsonObject page =
          query(
                  "query($after: String) { projects(first: 100, after: $after) {"
                      + " edges { cursor node { id name } } pageInfo { hasNextPage } } }",
                  new JsonObject().put("after", after))
              .getJsonObject("projects");
      JsonArray edges = page.getJsonArray("edges");
      for (int i = 0; i < edges.size(); i++) {
        JsonObject node = edges.getJsonObject(i).getJsonObject("node");
        if (name.equals(node.getString("name"))) {
          return node;
        }
        after = edges.getJsonObject(i).getString("cursor");
      }
      if (!page.getJsonObject("pageInfo").getBoolean("hasNextPage") || edges.isEmpty()) {
        return null;
      }
    }
  }

  /** {@code submitGoal} with the default policy. */
  public Submission submitGoal(String projectId, String goal) throws CliException {
    JsonObject submitted =
        query(
                "mutation($p: ID!, $goal: String!) { submitGoal(projectId: $p, goal: $goal) {"
                    + " task { id } event { seq } } }",
                new JsonObject().put("p", projectId).put("goal", goal))
            .getJsonObject("submitGoal");
    return new Submission(
        submitted.getJsonObject("task").getString("id"),
        projectId,
        submitted.getJsonObject("event").getLong("seq"));
  }

  /** The task with {@link #TASK_FIELDS}; NOT_FOUND (also for another tenant's task) fails. */
  public JsonObject task(String taskId) throws CliException {
    JsonObject task =
        query(
                "query($id: ID!) { task(id: $id) { " + TASK_FIELDS + " } }",
                new JsonObject().put("id", taskId))
            .getJsonObject("task");
    if (task == null) {
      throw new CliException(
          AgentryCli.EXIT_API_ERROR, "NOT_FOUND: no task " + taskId + " for this API key");
    }
    return task;
  }

  static CliException unreachable(URI base, Exception e) {
    String why =
        e instanceof java.net.ConnectException
            ? "connection refused"
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return CliException.unreachable(
        "cannot reach the Agentry node at "
            + base
            + " ("
            + why
            + "); is it running? (bin/agentry start)");
  }

  private static String describe(JsonObject error) {
    JsonObject extensions = error.getJsonObject("extensions", new JsonObject());
    String code = extensions.getString("code", "ERROR");
    String message = error.getString("message", "");
    if ("UNAUTHENTICATED".equals(code)) {
      return "UNAUTHENTICATED: the node refused the API key (" + message + ")";
    }
    return code + ": " + message;
  }

  static String abbreviate(String text) {
    String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 197) + "...";
  }
}
