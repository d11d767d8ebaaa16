package io.agentry.core.cluster.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.agentry.core.config.AgentryConfig.ClusterSettings;
import io.agentry.core.config.ConfigException;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.io.FileNotFoundException;

/**
 * Builds the Hazelcast configuration of a node: either the XML file named in the settings (for
 * several machines or Kubernetes discovery, see {@code infra/hazelcast/}) or TCP-IP join over the
 * listed members, by default on loopback. Failure-detection timings always come from the settings
 * so that tests and production tune them in one place.
 */
public final class HazelcastConfigs {

  private HazelcastConfigs() {}

  public static Config build(ClusterSettings settings) {
    Config config = settings.configFile().isBlank() ? tcpIp(settings) : fromFile(settings);
    config.setClusterName(settings.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    // No network beyond what the operator configured: never phone home.
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // The node's own shutdown hook leaves the cluster last, after workers drained; Hazelcast's
    // hook would leave at once and make the director reclaim jobs that are still finishing.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty(
        "hazelcast.heartbeat.interval.seconds",
        String.valueOf(settings.heartbeatIntervalSeconds()));
    config.setProperty(
        "hazelcast.max.no.heartbeat.seconds", String.valueOf(settings.maxNoHeartbeatSeconds()));
    config.setProperty(
        "hazelcast.wait.seconds.before.join", String.valueOf(settings.waitBeforeJoinSeconds()));
    return config;
  }

  private static Config tcpIp(ClusterSettings settings) {
    // Vert.x's default config carries the map and lock settings its cluster manager relies on.
    Config config = ConfigUtil.loadConfig();
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(settings.host()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.memberList());
    return config;
  }

  private static Config fromFile(ClusterSettings settings) {
    try {
      return new FileSystemXmlConfig(settings.configFile());
    } catch (FileNotFoundException e) {
      throw new ConfigException("cluster config file not found: " + settings.configFile());
    }
  }
}
