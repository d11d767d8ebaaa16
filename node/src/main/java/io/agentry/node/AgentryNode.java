package io.agentry.node;

import io.agentry.core.config.AgentryConfig;
import io.agentry.core.config.ConfigException;
import io.agentry.core.config.ConfigLoader;

/** The one entry point: starts a node with the roles asked for. */
public final class AgentryNode {

  static final int EXIT_USAGE = 2;
  static final int EXIT_CANNOT_START = 3;

  private AgentryNode() {}

  public static void main(String[] args) {
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
      config = ConfigLoader.load(options.configFile(), System.getenv());
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("agentry: " + e.getMessage());
      System.err.print(NodeOptions.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    try {
      RunningNode node = NodeLauncher.start(config, options);
      System.out.println(node.summary());
      Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "agentry-shutdown"));
    } catch (StartupException e) {
      System.err.println("agentry: cannot start: " + e.getMessage());
      System.exit(EXIT_CANNOT_START);
    }
  }
}
