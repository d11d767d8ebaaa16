package io.agentry.node.cli;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.config.ConfigException;
import io.agentry.core.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The command-line client ({@code bin/agentry submit|follow}): submits goals and follows them live
 * through a node's GraphQL API, with nothing but the JDK's HTTP and WebSocket clients. It finds the
 * node and its key the way a local user expects: {@code --url}, else 127.0.0.1 on the configured
 * {@code http.port}; {@code --key}, else {@code AGENTRY_API_KEY}, else the admin key file the first
 * node start wrote under {@code node.dataDir}.
 */
public final class AgentryCli {

  public static final int EXIT_COMPLETED = 0;
  public static final int EXIT_NOT_COMPLETED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_API_ERROR = 3;

  /** How long a follower keeps trying to reach a node that went away. */
  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

  static final String KEY_VARIABLE = "AGENTRY_API_KEY";
  static final String ADMIN_KEY_FILE = "admin.key";

  private AgentryCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CliOptions options;
    AgentryConfig config;
    try {
      options = CliOptions.parse(args);
      if (options.help()) {
        out.print(CliOptions.USAGE);
        return EXIT_COMPLETED;
      }
      config = ConfigLoader.load(options.configFile(), env);
    } catch (IllegalArgumentException | ConfigException e) {
      err.println("agentry: " + e.getMessage());
      err.print(CliOptions.USAGE);
      return EXIT_USAGE;
    }
    try {
      ApiClient api = new ApiClient(baseUrl(options, config), apiKey(options, env, config));
      FollowView.Mode mode = options.output() != null ? options.output() : detectMode(env);
      FollowView view =
          new FollowView(out, mode, out.charset().equals(StandardCharsets.UTF_8), width(env));
      return switch (options.command()) {
        case "submit" -> submit(api, options, view, out);
        default -> follow(api, options.taskId(), view, out);
      };
    } catch (CliException e) {
      err.println("agentry: " + e.getMessage());
      return e.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_API_ERROR;
    }
  }

  private static int submit(ApiClient api, CliOptions options, FollowView view, PrintStream out)
      throws CliException, InterruptedException {
    JsonObject project = api.ensureProject(options.project());
    ApiClient.Submission submitted = api.submitGoal(project.getString("id"), options.goal());
    out.println(
        "submitted goal as task "
            + submitted.taskId()
            + " in project "
            + project.getString("name")
            + " ("
            + project.getString("id")
            + ")");
    if (!options.follow()) {
      out.println("follow it: bin/agentry follow " + submitted.taskId());
      return EXIT_COMPLETED;
    }
    // From the GoalSubmitted event on: the goal's first line is its submission.
    GoalFollower follower =
        new GoalFollower(
            api,
            submitted.projectId(),
            submitted.taskId(),
            submitted.eventSeq() - 1,
            view,
            GIVE_UP_AFTER);
    return exitCode(follower.follow());
  }

  private static int follow(ApiClient api, String taskId, FollowView view, PrintStream out)
      throws CliException, InterruptedException {
    JsonObject task = api.task(taskId);
    JsonObject project = task.getJsonObject("project");
    out.println(
        "following task "
            + taskId
            + " in project "
            + project.getString("name")
            + ": "
            + EventLines.firstLine(task.getString("goal")));
    GoalFollower follower =
        new GoalFollower(api, project.getString("id"), taskId, 0, view, GIVE_UP_AFTER);
    return exitCode(follower.follow());
  }

  private static int exitCode(JsonObject task) {
    return "COMPLETED".equals(task.getString("status")) ? EXIT_COMPLETED : EXIT_NOT_COMPLETED;
  }

  static URI baseUrl(CliOptions options, AgentryConfig config) throws CliException {
    if (options.url() == null) {
      return URI.create("http://127.0.0.1:" + config.http().port());
    }
    try {
      URI url = URI.create(options.url().replaceAll("/+$", ""));
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
      return url;
    } catch (IllegalArgumentException e) {
      throw new CliException(EXIT_USAGE, "--url '" + options.url() + "': " + e.getMessage());
    }
  }

  /** {@code --key}, else the environment, else the admin key file; never printed. */
  static String apiKey(CliOptions options, Map<String, String> env, AgentryConfig config)
      throws CliException {
    if (options.key() != null && !options.key().isBlank()) {
      return options.key().strip();
    }
    String fromEnv = env.get(KEY_VARIABLE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    Path file = config.node().dataDir().resolve(ADMIN_KEY_FILE);
    if (!Files.isReadable(file)) {
      throw new CliException(
          EXIT_USAGE,
          "no API key: set "
              + KEY_VARIABLE
              + " or pass --key; "
              + file
              + " does not exist (a node writes it on the first start of an empty installation;"
              + " create keys with the createApiKey mutation)");
    }
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new CliException(EXIT_USAGE, "cannot read the API key in " + file + ": " + e);
    }
  }

  /** A redrawn status line only on a terminal that can take it. */
  static FollowView.Mode detectMode(Map<String, String> env) {
    if ("dumb".equals(env.get("TERM"))) {
      return FollowView.Mode.PLAIN;
    }
    Console console = System.console();
    if (console == null) {
      return FollowView.Mode.PLAIN;
    }
    try {
      // JDK 22+ has a console even when output is redirected, and says whether it is a terminal.
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console))
          ? FollowView.Mode.TTY
          : FollowView.Mode.PLAIN;
    } catch (ReflectiveOperationException olderJdk) {
      return FollowView.Mode.TTY; // JDK 21: a console exists only on a terminal
    }
  }

  private static int width(Map<String, String> env) {
    try {
      return Integer.parseInt(env.getOrDefault("COLUMNS", "100").strip());
    } catch (NumberFormatException e) {
      return 100;
    }
  }
}
