package io.agentry.core.node;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a node does. A node runs any non-empty set of roles; the default is all of them. */
public enum NodeRole {
  API,
  DIRECTOR,
  WORKER;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code "api,director,worker"}; unknown or empty lists are rejected with the choices. */
  public static Set<NodeRole> parseList(String csv) {
    Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
    for (String part : csv.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      roles.add(parse(name));
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no roles given; choose from " + choices());
    }
    return roles;
  }

  public static NodeRole parse(String name) {
    for (NodeRole role : values()) {
      if (role.id().equalsIgnoreCase(name.trim())) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + name + "'; choose from " + choices());
  }

  public static String describe(Set<NodeRole> roles) {
    return roles.stream().sorted().map(NodeRole::id).collect(Collectors.joining(","));
  }

  private static String choices() {
    return Arrays.stream(values()).map(NodeRole::id).collect(Collectors.joining(", "));
  }
}
