package dev.flinktuning.memory;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Exercise 4: the running counts per user of exercise 3, now spread over {@link #PARALLELISM}
 * subtasks: the events are spread round-robin to a cleaning step, then cross a {@code keyBy} to the
 * counting task. Both edges are all-to-all.
 *
 * <p>The job ran at parallelism 4 on a small TaskManager with 2 MiB of network memory. At 16 it
 * does not start: "Insufficient number of network buffers".
 *
 * <p><b>Your task:</b> change {@link #taskManagerConfiguration()} so the TaskManager has the
 * network memory this job needs at parallelism 16, and not much more. See the chapter README,
 * "Exercise 4".
 */
public final class WideShuffleJob {

  /** The job's parallelism; the TaskManager has one slot per subtask. */
  public static final int PARALLELISM = 16;

  private WideShuffleJob() {}

  /** The TaskManager's configuration: its network memory, fixed (min and max the same). */
  public static Configuration taskManagerConfiguration() {
    Configuration configuration = new Configuration();
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("2m"));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("2m"));
    return configuration;
  }

  /** The pipeline: events in, (user, events so far) out, one per event. */
  public static DataStream<Tuple2<Long, Long>> countsPerUser(DataStream<ShopEvent> events) {
    DataStream<ShopEvent> cleaned =
        events
            .rebalance()
            .filter(event -> event.userId >= 0)
            .setParallelism(PARALLELISM)
            .name("Clean");
    return CountsPerUserJob.countsPerUser(cleaned);
  }

  /** Runs the job on a local cluster with the Web UI, for about 40 seconds. */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env =
        StarterLauncher.environment(PARALLELISM, taskManagerConfiguration());
    DataStream<ShopEvent> events =
        ShopEvents.throttledStream(env, ShopEventGenerator.withSeed(4), 1_000_000, 25_000);
    try {
      StarterLauncher.run(env, "Chapter 5, exercise 4: a wide shuffle", countsPerUser(events));
    } catch (Exception failed) {
      Throwable cause = failed;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      System.out.printf(
          "%nThe job failed: %s%nSee module-05-memory/README.md, \"Exercise 4\".%n",
          cause.getMessage());
    }
  }
}
