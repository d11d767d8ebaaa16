package io.agentry.node;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.config.ConfigException;
import io.agentry.core.config.ConfigLoader;
import io.agentry.core.node.NodeRole;
import io.agentry.node.cli.CliException;
import io.agentry.node.demo.DemoGoal;
import java.net.URI;
import java.util.Map;

/** The one entry point: starts a node with the roles asked for. */
public final class AgentryNode {

  static final int EXIT_USAGE = 2;
  static final int EXIT_CANNOT_START = 3;

  private AgentryNode() {}

  public static void main(String[] args) {
    long mainEntered = System.nanoTime(); // "started in" counts from here, as a process sees it
    // Set before any library loads: no telemetry leaves this machine.
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    NodeOptions options;
    AgentryConfig config;
    try {
      options = NodeOptions.parse(args);
      if (options.help()) {
        System.out.print(NodeOptions.USAGE);
        return;
      }
      Map<String, String> env =
          options.demo() ? DemoGoal.environment(System.getenv()) : System.getenv();
      config = ConfigLoader.load(options.configFile(), env);
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("agentry: " + e.getMessage());
      System.err.print(NodeOptions.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    try {
      RunningNode node = NodeLauncher.start(config, options, mainEntered);
      System.out.println(node.summary());
      Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "agentry-shutdown"));
      if (options.demo()) {
        submitDemoGoal(node);
      }
    } catch (StartupException e) {
      System.err.println("agentry: cannot start: " + e.getMessage());
      System.exit(EXIT_CANNOT_START);
    }
  }

  /** The demo's goal goes in through the node's own API; a failure leaves the node running. */
  private static void submitDemoGoal(RunningNode node) {
    if (!node.services().identity().has(NodeRole.API)) {
      System.out.println(
          "Demo: this node answers model calls from the recording; submit the demo goal through"
              + " a node with the api role (agentry start --demo --roles api,...)");
      return;
    }
    // The API binds where the configuration says; we reach it on loopback when it listens on all.
    URI base = node.httpBase();
    if ("0.0.0.0".equals(base.getHost())) {
      base = URI.create("http://127.0.0.1:" + base.getPort());
    }
    try {
      DemoGoal.Submitted submitted = DemoGoal.submit(node.services(), base);
      System.out.println(
          DemoGoal.describe(submitted, base, node.services().config().http().graphiql()));
    } catch (CliException | RuntimeException e) {
      System.err.println("agentry: the demo goal was not submitted: " + e.getMessage());
    }
  }
}
