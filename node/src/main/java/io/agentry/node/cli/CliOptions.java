package io.agentry.node.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the client: {@code submit GOAL…} or {@code follow TASK_ID}, and options.
 *
 * @param url the node's base URL; null for the default (127.0.0.1 and the configured http.port)
 * @param key the API key; null for the default ({@code AGENTRY_API_KEY}, else the admin key file)
 */
record CliOptions(
    String command,
    String goal,
    String taskId,
    String project,
    boolean follow,
    String url,
    String key,
    Path configFile,
    FollowView.Mode output,
    boolean help) {

  static final String DEFAULT_PROJECT = "default";

  static final String USAGE =
      """
      Usage: agentry submit "GOAL" [--project NAME] [--follow] [options]
             agentry follow TASK_ID [options]

        submit          submits a goal to a project (created when missing) and prints its task id;
                        with --follow, follows it to the end like 'follow' does
        follow          follows a goal live: stage, progress bar, current step, a line per step,
                        and the final result; reconnects when the connection drops
        --project NAME  the project of a submitted goal (default: default)
        --follow        follow the submitted goal
        --url URL       the node (default: http://127.0.0.1:<http.port of the configuration>)
        --key KEY       the API key (default: $AGENTRY_API_KEY, else <node.dataDir>/admin.key);
                        prefer the variable: options show in the process list
        --config FILE   the configuration file the node uses (for http.port and node.dataDir)
        --plain         one line per change, nothing redrawn (the default when not on a terminal)
        --tty           redraw a status line even when output is not a terminal
        --help          this text

      Exit status: 0 the goal completed (or, without --follow, was submitted); 1 it failed or was
      cancelled; 2 bad usage or configuration; 3 the node could not be reached or refused the request.
      """;

  static CliOptions parse(String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("a command is needed: submit or follow");
    }
    String command = args[0];
    List<String> positional = new ArrayList<>();
    String project = DEFAULT_PROJECT;
    boolean follow = false;
    boolean help = false;
    String url = null;
    String key = null;
    Path config = null;
    FollowView.Mode output = null;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--project" -> project = value(args, ++i, arg);
        case "--follow", "-f" -> follow = true;
        case "--url" -> url = value(args, ++i, arg);
        case "--key" -> key = value(args, ++i, arg);
        case "--config" -> config = Path.of(value(args, ++i, arg));
        case "--plain" -> output = FollowView.Mode.PLAIN;
        case "--tty" -> output = FollowView.Mode.TTY;
        case "--help", "-h" -> help = true;
        default -> {
          if (arg.startsWith("--")) {
            throw new IllegalArgumentException("unknown option '" + arg + "'");
          }
          positional.add(arg);
        }
      }
    }
    if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
      return new CliOptions("help", null, null, project, false, url, key, config, output, true);
    }
    String goal = null;
    String taskId = null;
    switch (command) {
      case "submit" -> {
        goal = String.join(" ", positional).strip();
        if (goal.isEmpty() && !help) {
          throw new IllegalArgumentException(
              "submit needs a goal, e.g. agentry submit \"A CLI that…\"");
        }
      }
      case "follow" -> {
        if (positional.size() != 1 && !help) {
          throw new IllegalArgumentException("follow needs exactly one task id");
        }
        taskId = positional.isEmpty() ? null : positional.get(0);
        follow = true;
      }
      default ->
          throw new IllegalArgumentException("unknown command '" + command + "' (submit, follow)");
    }
    if (project.isBlank()) {
      throw new IllegalArgumentException("--project needs a name");
    }
    return new CliOptions(command, goal, taskId, project, follow, url, key, config, output, help);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }
}
