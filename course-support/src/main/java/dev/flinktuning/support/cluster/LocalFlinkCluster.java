package dev.flinktuning.support.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * Starts the embedded Flink clusters the course runs on: a {@link MiniCluster} whose JobManager,
 * TaskManagers and REST endpoint (with the Web UI) listen on 127.0.0.1 only.
 */
public final class LocalFlinkCluster {

  private LocalFlinkCluster() {}

  /**
   * Starts a cluster.
   *
   * @param configuration more configuration; it may set {@link RestOptions#PORT} or {@link
   *     RestOptions#BIND_PORT} (a free port is chosen otherwise)
   */
  public static MiniCluster start(
      Configuration configuration, int taskManagers, int slotsPerTaskManager) throws Exception {
    Configuration config = loopbackOnly();
    config.addAll(configuration);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(slotsPerTaskManager)
                .build());
    cluster.start();
    return cluster;
  }

  /** Binds every endpoint of the cluster to 127.0.0.1, and REST to a free port. */
  static Configuration loopbackOnly() {
    Configuration config = new Configuration();
    config.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    config.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    config.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    config.set(TaskManagerOptions.HOST, "127.0.0.1");
    config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    config.set(RestOptions.ADDRESS, "127.0.0.1");
    config.set(RestOptions.BIND_PORT, "0");
    return config;
  }
}
