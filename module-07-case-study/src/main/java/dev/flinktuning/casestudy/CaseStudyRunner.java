package dev.flinktuning.casestudy;

import dev.flinktuning.support.cluster.LocalFlinkCluster;
import dev.flinktuning.support.launcher.StarterArgumentException;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs versions of the recommendation job, one after the other, on one local Flink cluster against
 * the same {@link CaseStudyServices}, and measures each run: time, catalog calls, Redis round
 * trips, checkpoints, and the recommendations it left in Redis.
 */
public final class CaseStudyRunner implements AutoCloseable {

  /** Builds a version of the job on an environment. */
  @FunctionalInterface
  public interface JobBuilder {
    void build(StreamExecutionEnvironment env, Endpoints endpoints) throws Exception;
  }

  /** The job's parallelism: one subtask per Kafka partition and per core of a 2-core laptop. */
  public static final int PARALLELISM = 2;

  private final CaseStudyServices services;
  private final MiniCluster cluster;
  private final URI webUi;

  public CaseStudyRunner(CaseStudyServices services, boolean preferPort8081) throws Exception {
    this.services = services;
    Configuration config = new Configuration();
    config.set(
        RestOptions.BIND_PORT, preferPort8081 ? String.valueOf(StarterLauncher.webUiPort()) : "0");
    SourceOffsets.addTo(config);
    this.cluster = LocalFlinkCluster.start(config, 1, PARALLELISM);
    this.webUi = cluster.getRestAddress().get();
  }

  public URI webUi() {
    return webUi;
  }

  /** Runs one version of the job over the whole topic and reports on it. */
  public JobReport run(String name, Configuration jobConfig, JobBuilder builder) throws Exception {
    services.resetCounters();
    StreamExecutionEnvironment env = environment(jobConfig, builder, services.endpoints());
    RedisWriteClock writeClock = RedisWriteClock.start(services.redis());
    long start = System.nanoTime();
    JobClient job = submit(name, env);
    CompletableFuture<?> result = job.getJobExecutionResult();
    while (true) {
      try {
        result.get(1, TimeUnit.SECONDS);
        break;
      } catch (TimeoutException stillRunning) {
        printProgress(name, start);
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Duration halfWritten = null;
    Duration almostAllWritten = null;
    if (writeClock != null) {
      Thread.sleep(200); // the last notifications are still on their way
      halfWritten = writeClock.percentile(0.50);
      almostAllWritten = writeClock.percentile(0.99);
      writeClock.close();
    }
    System.out.printf("\r%-100s\r", "");

    CheckpointStatsSnapshot checkpoints =
        cluster.getArchivedExecutionGraph(job.getJobID()).get().getCheckpointStatsSnapshot();
    long completed = 0;
    long lastSize = 0;
    long stateSize = 0;
    if (checkpoints != null) {
      completed = checkpoints.getCounts().getNumberOfCompletedCheckpoints();
      CompletedCheckpointStats last = checkpoints.getHistory().getLatestCompletedCheckpoint();
      lastSize = last == null ? 0 : last.getCheckpointedSize();
      stateSize = last == null ? 0 : last.getStateSize();
    }
    return new JobReport(
        name,
        services.scenario().events(),
        took,
        services.catalog().calls(),
        services.redis().stats().roundTrips(),
        completed,
        lastSize,
        stateSize,
        halfWritten,
        almostAllWritten,
        services.recommendations());
  }

  /** An environment on this cluster with a version of the job built on it, not yet submitted. */
  StreamExecutionEnvironment environment(
      Configuration jobConfig, JobBuilder builder, Endpoints endpoints) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            webUi.getHost(), webUi.getPort(), jobConfig);
    env.setParallelism(PARALLELISM);
    builder.build(env, endpoints);
    return env;
  }

  /** Submits a job built by {@link #environment} and says where to watch it. */
  JobClient submit(String name, StreamExecutionEnvironment env) throws Exception {
    JobClient job = env.executeAsync(name);
    System.out.printf("%s is running: %s/#/job/running/%s/overview%n", name, webUi, job.getJobID());
    return job;
  }

  private void printProgress(String name, long start) {
    System.out.printf(
        "\r  %s: %d s, %s, %s ",
        name,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
        JobReport.count(services.catalog().calls(), "catalog call"),
        JobReport.count(services.redis().stats().roundTrips(), "Redis round trip"));
    System.out.flush();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /** Runs a single version of the job on the course's services, for a starter's main(). */
  static void runOne(
      String name, Supplier<Configuration> configuration, JobBuilder builder, String[] args)
      throws Exception {
    DemoOptions options = DemoOptions.parse(args);
    if (options.rate() > 0 || options.findRate()) {
      throw new StarterArgumentException(
          "--rate and --find-rate are the demo's: ./demo --rate R --only yours (or --only"
              + " starter) runs one job on a live stream.");
    }
    try (CaseStudyServices services = CaseStudyServices.startForCommand(options.scenario());
        CaseStudyRunner runner = new CaseStudyRunner(services, true)) {
      System.out.printf("Web UI: %s%n", runner.webUi());
      services.topic().produceAll();
      JobReport report = runner.run(name, configuration.get(), builder);
      System.out.println(report.summary());
      long linger = Long.getLong("course.linger", 60);
      if (linger > 0) {
        System.out.printf(
            "The Web UI stays up for %d s: %s (-Dcourse.linger=0 skips this)%n",
            linger, runner.webUi());
        Thread.sleep(linger * 1000);
      }
    }
  }
}
