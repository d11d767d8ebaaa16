package io.agentry.worker.sandbox.bwrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host user the node runs as (the owner of {@code /proc/self}). */
record HostUser(int uid, int gid) {

  static HostUser current() {
    try {
      Path self = Path.of("/proc/self");
      return new HostUser(
          (Integer) Files.getAttribute(self, "unix:uid"),
          (Integer) Files.getAttribute(self, "unix:gid"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException("cannot tell which user this node runs as", e);
    }
  }

  boolean isRoot() {
    return uid == 0;
  }
}
