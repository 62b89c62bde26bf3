package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.CatalogChange;
import dev.flinktuning.support.data.ItemCatalog;
import dev.flinktuning.support.data.ItemProfile;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.JobShape;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.OutputMismatchError;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.RouteCheck;
import dev.flinktuning.support.grading.TaskIo;
import dev.flinktuning.support.i18n.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs a version of the job on a grading cluster against the services, as the checks need it. */
final class CaseStudyCheck {

  /** A version of the job: its configuration and its pipeline. */
  record Version(String name, Configuration configuration, CaseStudyRunner.JobBuilder builder) {}

  static final Version STARTER =
      new Version(
          "the starter", StarterRecommendationJob.configuration(), StarterRecommendationJob::build);

  static final Version YOURS =
      new Version("RecommendationJob", RecommendationJob.configuration(), RecommendationJob::build);

  /**
   * What a run left behind.
   *
   * @param lateRecordsDropped events the job's window operators dropped as late (their metric
   *     {@code numLateRecordsDropped}, summed over operators and subtasks)
   * @param windowOperators how many window operators (times subtasks) reported that metric
   * @param sourceParallelism the largest parallelism among the job's sources
   */
  record Outcome(
      List<String> recommendations,
      long catalogCalls,
      long redisRoundTrips,
      long lateRecordsDropped,
      int windowOperators,
      int sourceParallelism) {}

  static final String README = "module-07-case-study/README.md";

  /** How long a staged run waits for the job's watermark to follow the partitions written first. */
  static final Duration WATERMARK_WAIT = Duration.ofSeconds(3);

  /** The reference's bound on out-of-order events, which the generator never exceeds. */
  static final long OUT_OF_ORDERNESS_MILLIS = 2_000;

  /**
   * How long a run may take before it counts as stuck: the starter's runs in the speed-up check
   * took over 3 minutes at load 20 on 2 cores. A guard, not a measurement.
   */
  static final Duration END_TO_END_TIMEOUT = Duration.ofMinutes(10);

  private CaseStudyCheck() {}

  /**
   * Compares the recommendations with the oracle's for the scenario. When they differ, and they are
   * what a catalog that never changes, or the newest catalog for every window, would give, says so
   * and points to the README's section on the catalog.
   */
  static void assertRecommendations(
      Texts texts, String what, List<String> actual, Scenario scenario) {
    try {
      OutputCheck.assertSameRecords(what, actual, RecommendationOracle.expected(scenario));
    } catch (OutputMismatchError mismatch) {
      List<ShopEvent> events = scenario.generator().generate(scenario.events());
      List<CatalogChange> changes = scenario.catalogChanges();
      String pointer = ReadOn.pointer(README, CATALOG_SECTION);
      if (!changes.isEmpty()
          && sameLines(
              actual, RecommendationOracle.expected(events, scenario.catalog(), List.of()))) {
        throw mismatch.withHint(texts.get("catalog.changesIgnored", changes.size(), pointer));
      }
      List<ItemProfile> newest = ItemCatalog.asOf(scenario.catalog(), changes, Long.MAX_VALUE);
      if (!changes.isEmpty()
          && sameLines(actual, RecommendationOracle.expected(events, newest, List.of()))) {
        throw mismatch.withHint(texts.get("catalog.newestForEveryWindow", pointer));
      }
      throw mismatch;
    }
  }

  static final String CATALOG_SECTION = "Problem 2: a catalog call per window";

  private static boolean sameLines(List<String> actual, List<String> expected) {
    return new ArrayList<>(actual).stream().sorted().toList().equals(expected);
  }

  /** Waits until the job's sources have read {@code lines} records of the topic. */
  static void awaitSourcesRead(JobRun run, long lines) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      TaskIo io = run.taskIo();
      long read = run.shape().sources().stream().mapToLong(io::recordsIn).sum();
      if (read >= lines) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The job's sources read " + read + " of the " + lines + " lines written first");
      }
      Thread.sleep(20);
    }
  }

  /**
   * Waits until every task after the sources has an input watermark of at least {@code timestamp},
   * or until {@code wait} has passed: a job with a watermark per partition never gets there while a
   * partition has nothing yet, and that is what it should do.
   */
  private static void awaitInputWatermark(JobRun run, long timestamp, Duration wait)
      throws Exception {
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      Future<?> reached =
          waiter.submit(
              () -> {
                run.awaitInputWatermark(timestamp);
                return null;
              });
      try {
        reached.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillBehind) {
        reached.cancel(true);
      }
    } finally {
      waiter.shutdownNow();
    }
  }

  /**
   * The watermark of a partition whose newest event is at {@code newestEvent}, as the reference
   * sets it: 2 s behind, minus 1 ms (Flink's bounded out-of-orderness).
   */
  static long watermarkBehind(long newestEvent) {
    return newestEvent - OUT_OF_ORDERNESS_MILLIS - 1;
  }

  /** The oracle's lines for windows that fire at this watermark (end - 1 <= watermark). */
  static List<String> closedWindows(List<String> lines, long watermark) {
    List<String> closed = new ArrayList<>();
    for (String line : lines) {
      int at = line.indexOf(" @");
      long end = Long.parseLong(line.substring(at + 2, line.indexOf(':', at)));
      if (end - 1 <= watermark) {
        closed.add(line);
      }
    }
    return closed;
  }

  /** Runs the version over the whole topic, which must already hold every event. */
  static Outcome run(GradingCluster cluster, CaseStudyServices services, Version version)
      throws Exception {
    return run(cluster, services, version, services.topic(), CaseStudyRunner.PARALLELISM);
  }

  /**
   * Runs the version at this parallelism over the whole of {@code topic}, which must already hold
   * every event.
   */
  static Outcome run(
      GradingCluster cluster,
      CaseStudyServices services,
      Version version,
      BehaviorTopic topic,
      int parallelism)
      throws Exception {
    return run(cluster, services, version, topic, parallelism, -1);
  }

  /**
   * Runs the version at this parallelism over the whole of {@code topic}. With {@code behind} a
   * partition, the topic must be empty: the check writes the other partitions, lets the job read
   * them and move its watermark (as far as it will, for up to {@link #WATERMARK_WAIT}), and only
   * then writes that partition, as when one partition is read far behind the others.
   */
  static Outcome run(
      GradingCluster cluster,
      CaseStudyServices services,
      Version version,
      BehaviorTopic topic,
      int parallelism,
      int behind)
      throws Exception {
    services.resetCounters();
    StreamExecutionEnvironment env = cluster.environment(parallelism, version.configuration());
    version.builder().build(env, services.endpoints(topic));
    long firstLines = 0;
    long lastTimestampFirst = Long.MIN_VALUE;
    if (behind >= 0) {
      for (var partition : topic.endOffsets().entrySet()) {
        if (partition.getKey() != behind) {
          topic.producePartition(partition.getKey());
          firstLines += partition.getValue();
          lastTimestampFirst =
              Math.max(lastTimestampFirst, topic.lastTimestampIn(partition.getKey()));
        }
      }
    }
    try (JobRun run = cluster.start(env)) {
      if (behind >= 0) {
        awaitSourcesRead(run, firstLines);
        awaitInputWatermark(run, watermarkBehind(lastTimestampFirst), WATERMARK_WAIT);
        topic.producePartition(behind);
      }
      run.awaitFinished(END_TO_END_TIMEOUT);
      long lines = topic.endOffsets().values().stream().mapToLong(n -> n).sum();
      RouteCheck.sourcesReadAll(run, lines, README, "The graded checks");
      long lateDropped = 0;
      int windowOperators = 0;
      for (Metric metric : run.metrics(".*\\.numLateRecordsDropped").values()) {
        if (metric instanceof Counter counter) {
          lateDropped += counter.getCount();
          windowOperators++;
        }
      }
      return new Outcome(
          services.recommendations().lines(),
          services.catalog().calls(),
          services.redis().stats().roundTrips(),
          lateDropped,
          windowOperators,
          run.shape().sources().stream().mapToInt(JobShape.Vertex::parallelism).max().orElse(0));
    }
  }
}
