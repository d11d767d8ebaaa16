package io.agentry.node;

import io.agentry.core.node.NodeRole;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** The command line of a node. */
record NodeOptions(
    Set<NodeRole> roles, boolean cluster, Path configFile, boolean demo, boolean help) {

  static final String USAGE =
      """
      Usage: agentry [--roles api,director,worker] [--cluster] [--config FILE] [--demo]

        --roles LIST    roles this node runs (default: all three)
        --cluster       join a Hazelcast cluster (TCP-IP on 127.0.0.1 unless configured otherwise)
        --config FILE   JSON file overriding the defaults; AGENTRY_<SECTION>_<KEY> variables
                        override both (e.g. AGENTRY_HTTP_PORT=9090)
        --demo          answer every model call from a recorded run shipped with Agentry (no
                        model server needed) and, with the api role, submit its sample goal
                        to project 'demo'
        --help          this text
      """;

  static NodeOptions parse(String... args) {
    Set<NodeRole> roles = EnumSet.allOf(NodeRole.class);
    boolean cluster = false;
    boolean help = false;
    boolean demo = false;
    Path config = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--cluster" -> cluster = true;
        case "--demo" -> demo = true;
        case "--help", "-h" -> help = true;
        case "--roles" -> roles = NodeRole.parseList(value(args, ++i, arg));
        case "--config" -> config = Path.of(value(args, ++i, arg));
        default -> {
          if (arg.startsWith("--roles=")) {
            roles = NodeRole.parseList(arg.substring("--roles=".length()));
          } else if (arg.startsWith("--config=")) {
            config = Path.of(arg.substring("--config=".length()));
          } else {
            throw new IllegalArgumentException("unknown option '" + arg + "'");
          }
        }
      }
    }
    return new NodeOptions(roles, cluster, config, demo, help);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }
}
