package io.agentry.core.memory.embedding;

import java.nio.file.Path;

/**
 * Keeps DJL (the tokenizer's runtime) off the network. Left alone, DJL's tokenizer calls home to a
 * cloud metadata address when it loads, and may download native libraries. DJL reads each switch
 * from the environment first and only then from a system property, under these names (DJL 0.36,
 * {@code ai.djl.util.Utils} and {@code Ec2Utils}):
 *
 * <ul>
 *   <li>{@code OPT_OUT_TRACKING} — environment variable, else the system property of that name;
 *   <li>offline mode — environment variable {@code DJL_OFFLINE}, else the system property {@code
 *       ai.djl.offline} (a property named {@code DJL_OFFLINE} is never read);
 *   <li>{@code DJL_CACHE_DIR} — environment variable, else the system property of that name; the
 *       tokenizer's native library is extracted there.
 * </ul>
 *
 * The scripts and the build also set both variables; this covers a node started any other way. It
 * must run before the first DJL class is used, and system properties are JVM-wide: the first node
 * in a JVM picks the cache directory.
 */
final class DjlOffline {

  static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
  static final String OFFLINE_PROPERTY = "ai.djl.offline";
  static final String CACHE_DIR = "DJL_CACHE_DIR";

  private DjlOffline() {}

  static synchronized void configure(Path cacheDir) {
    System.setProperty(OPT_OUT_TRACKING, "true");
    System.setProperty(OFFLINE_PROPERTY, "true");
    if (System.getProperty(CACHE_DIR) == null) {
      System.setProperty(CACHE_DIR, cacheDir.toAbsolutePath().normalize().toString());
    }
  }
}
