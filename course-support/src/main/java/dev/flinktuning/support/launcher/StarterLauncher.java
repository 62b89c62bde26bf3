package dev.flinktuning.support.launcher;

import dev.flinktuning.support.cluster.LocalFlinkCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
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
 * bounded input, so the job ends by itself; the Web UI then stays up for {@code course.linger}
 * seconds (60 unless set with {@code -Dcourse.linger=SECONDS}) so the finished job can still be
 * looked at, and the program ends.
 */
public final class StarterLauncher {

  private static final int PREFERRED_PORT = 8081;
  private static final int RESULTS_SHOWN = 5;
  private static final String LINGER_PROPERTY = "course.linger";

  private static MiniCluster cluster;

  private StarterLauncher() {}

  /** A cluster with the Web UI and this many slots, and an environment with this parallelism. */
  public static StreamExecutionEnvironment environment(int parallelism) throws Exception {
    return environment(parallelism, new Configuration());
  }

  /** The same, with extra configuration for the cluster and the job. */
  public static StreamExecutionEnvironment environment(int parallelism, Configuration extra)
      throws Exception {
    if (cluster != null) {
      throw new IllegalStateException("A starter runs one job: call environment(..) once.");
    }
    Configuration config = new Configuration(extra);
    config.set(RestOptions.BIND_PORT, String.valueOf(webUiPort()));
    cluster = LocalFlinkCluster.start(config, 1, parallelism);
    Runtime.getRuntime().addShutdownHook(new Thread(StarterLauncher::closeCluster));
    return nextEnvironment(parallelism, extra);
  }

  /**
   * Another environment on the cluster that {@link #environment(int, Configuration)} started, with
   * its own job configuration: for a starter that runs a second job, such as the next version of a
   * job that resumes from a savepoint of the first.
   */
  public static StreamExecutionEnvironment nextEnvironment(int parallelism, Configuration job)
      throws Exception {
    if (cluster == null) {
      throw new IllegalStateException("Call environment(..) first: it starts the cluster.");
    }
    URI rest = cluster.getRestAddress().get();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), job);
    env.setParallelism(parallelism);
    return env;
  }

  /**
   * Runs the job, printing where to watch it, its first results, how many there were and how long
   * it took. Returns when the job has finished and the Web UI has lingered.
   */
  public static <T> List<T> run(
      StreamExecutionEnvironment env, String jobName, DataStream<T> results) throws Exception {
    URI webUi = cluster.getRestAddress().get();
    List<T> collected = new ArrayList<>();
    long start = System.nanoTime();
    try (CloseableIterator<T> iterator = results.collectAsync()) {
      JobClient job = env.executeAsync(jobName);
      System.out.printf(
          "%n%s is running.%n  Web UI: %s/#/job/running/%s/overview%n"
              + "  It ends by itself; press Ctrl+C to stop it sooner.%n%n",
          jobName, webUi, job.getJobID());
      while (iterator.hasNext()) {
        T result = iterator.next();
        collected.add(result);
        if (collected.size() <= RESULTS_SHOWN) {
          System.out.println("  result: " + result);
        }
      }
      job.getJobExecutionResult().get();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf(
          "%n%s finished: %,d results in %.1f s.%n",
          jobName, collected.size(), took.toMillis() / 1000.0);
      linger(webUi, job);
    } finally {
      closeCluster();
    }
    return collected;
  }

  private static void linger(URI webUi, JobClient job) throws InterruptedException {
    long seconds = Long.getLong(LINGER_PROPERTY, 60);
    if (seconds <= 0) {
      return;
    }
    System.out.printf(
        "The Web UI stays up for %d s to show the finished job: %s/#/job/completed/%s/overview%n"
            + "  Press Ctrl+C to quit now; run with -D%s=0 to skip this.%n",
        seconds, webUi, job.getJobID(), LINGER_PROPERTY);
    Thread.sleep(seconds * 1000);
  }

  private static synchronized void closeCluster() {
    if (cluster != null) {
      try {
        cluster.close();
      } catch (Exception e) {
        System.err.println("Could not stop the local Flink cluster cleanly: " + e);
      }
      cluster = null;
    }
  }

  /** The Web UI's address of the cluster that {@link #environment(int)} started. */
  public static URI webUiAddress() throws Exception {
    if (cluster == null) {
      throw new IllegalStateException("Call environment(..) first: it starts the cluster.");
    }
    return cluster.getRestAddress().get();
  }

  /** 8081, Flink's usual port, unless something else already listens there. */
  public static int webUiPort() {
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
