package dev.flinktuning.support.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs a chapter's starter job on an embedded Flink cluster with the Web UI, on 127.0.0.1.
 *
 * <pre>{@code
 * public static void main(String[] args) throws Exception {
 *   StreamExecutionEnvironment env = StarterLauncher.environment(4);
 *   DataStream<Result> results = buildPipeline(env, ...);
 *   StarterLauncher.run(env, "Chapter 1 - window state", results);
 * }
 * }</pre>
 *
 * <p>It prints the Web UI's address, the job's first results and how long it took. Starters read
 * bounded input, so the job, and the cluster with it, ends by itself.
 */
public final class StarterLauncher {

  private static final int PREFERRED_PORT = 8081;
  private static final int RESULTS_SHOWN = 5;

  private StarterLauncher() {}

  /** A local environment with the Web UI, with this parallelism and as many slots. */
  public static StreamExecutionEnvironment environment(int parallelism) {
    return environment(parallelism, new Configuration());
  }

  /** The same, with extra configuration for the cluster and the job. */
  public static StreamExecutionEnvironment environment(int parallelism, Configuration extra) {
    Configuration config = new Configuration();
    config.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    config.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    config.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    config.set(TaskManagerOptions.HOST, "127.0.0.1");
    config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    config.set(RestOptions.ADDRESS, "127.0.0.1");
    config.set(RestOptions.PORT, webUiPort());
    config.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    config.addAll(extra);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(config);
    env.setParallelism(parallelism);
    return env;
  }

  /**
   * Runs the job, printing where to watch it, its first results, how many there were and how long
   * it took. Returns when the job has finished.
   */
  public static <T> List<T> run(
      StreamExecutionEnvironment env, String jobName, DataStream<T> results) throws Exception {
    int port = env.getConfiguration().get(RestOptions.PORT);
    List<T> collected = new ArrayList<>();
    long start = System.nanoTime();
    try (CloseableIterator<T> iterator = results.collectAsync()) {
      JobClient job = env.executeAsync(jobName);
      System.out.printf(
          "%n%s is running.%n  Web UI: http://127.0.0.1:%d/#/job/running/%s/overview%n"
              + "  It ends by itself; press Ctrl+C to stop it sooner.%n%n",
          jobName, port, job.getJobID());
      while (iterator.hasNext()) {
        T result = iterator.next();
        collected.add(result);
        if (collected.size() <= RESULTS_SHOWN) {
          System.out.println("  result: " + result);
        }
      }
      JobExecutionResult result = job.getJobExecutionResult().get();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf(
          "%n%s finished: %,d results in %.1f s (Flink's own count: %d ms).%n",
          jobName, collected.size(), took.toMillis() / 1000.0, result.getNetRuntime());
    }
    return collected;
  }

  /** 8081, Flink's usual port, unless something else already listens there. */
  static int webUiPort() {
    if (isFree(PREFERRED_PORT)) {
      return PREFERRED_PORT;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = socket.getLocalPort();
      System.out.printf(
          "Port %d is in use (another Flink?); the Web UI will be on port %d.%n",
          PREFERRED_PORT, port);
      return port;
    } catch (IOException e) {
      throw new IllegalStateException("Found no free port on 127.0.0.1 for the Web UI", e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }
}
