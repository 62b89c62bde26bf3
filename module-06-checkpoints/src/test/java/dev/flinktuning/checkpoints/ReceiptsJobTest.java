package dev.flinktuning.checkpoints;

import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobCheckpoints;
import dev.flinktuning.support.grading.JobCheckpoints.CheckpointFailedException;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checkpoints while a slow sink holds the job back.
 *
 * <p>The check runs the job twice in this JVM, into a sink it owns that takes a millisecond per
 * record, so the buffers before it are full: first with aligned checkpoints (the starter's way), to
 * measure how long a checkpoint waits behind the buffered records; then with your configuration,
 * and a checkpoint timeout of a quarter of that wait. Each run takes {@value #CHECKPOINTS}
 * checkpoints, then lets the sink speed up so the job drains and ends, and its output is compared
 * with the oracle's. Your run first takes one checkpoint that does not count, to warm up. The check
 * takes the checkpoints itself, at those moments: your checkpoint interval is set long for the run.
 */
@DisplayName("Chapter 6 · Exercise 2 · checkpoints under backpressure")
class ReceiptsJobTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(ReceiptsJobTest.class);

  private static final String README = "module-06-checkpoints/README.md";

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  private static final int PARALLELISM = 2;
  private static final long ORDERS = 30_000;

  /** Checkpoints of your run; the aligned run takes fewer, as each of its takes seconds. */
  private static final int CHECKPOINTS = 3;

  private static final int ALIGNED_CHECKPOINTS = 2;

  /**
   * Checkpoints must get at least this much faster than aligned ones. Unaligned checkpoints do not
   * wait for the buffered records at all (typically 10 to 40 times faster here); 4 leaves room for
   * a busy machine.
   */
  private static final double SPEEDUP_BUDGET = 4;

  /** Time for the source to fill the buffers before the first checkpoint. */
  private static final Duration FILL = Duration.ofMillis(1_000);

  @GradedCheck(timed = true)
  @DisplayName("checkpoints complete quickly while a slow sink holds the job back")
  void checkpointsUnderBackpressure() throws Exception {
    Configuration learners = configuration();

    Configuration aligned = new Configuration(learners);
    aligned.set(CheckpointingOptions.ENABLE_UNALIGNED, false);
    aligned.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(1));
    Run baseline = run("aligned", aligned, 0, ALIGNED_CHECKPOINTS);
    Duration alignedWait = baseline.shortest();

    Duration timeout = alignedWait.dividedBy((long) SPEEDUP_BUDGET);
    Configuration yours = new Configuration(learners);
    if (yours.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT).compareTo(timeout) > 0) {
      yours.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, timeout);
    }
    // A failed checkpoint is what this check counts; it must not fail the job as well.
    yours.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 1_000);
    Run learner = run("yours", yours, 1, CHECKPOINTS);

    String measured =
        TEXTS.get(
            "backpressure.measured",
            baseline.durations(),
            String.format("%d", ALIGNED_CHECKPOINTS),
            timeout,
            learner.durations(),
            String.format("%d", learner.failed),
            learner.inFlightBytes());

    System.out.println("  " + measured);
    Budget.of(TEXTS.get("failed.what"), TEXTS.get("unit.checkpoints"))
        .measured(learner.failed)
        .atMost(0)
        .typically(TEXTS.get("failed.starter", CHECKPOINTS), TEXTS.get("failed.reference"))
        .readOn(README, "Exercise 2: checkpoints under backpressure")
        .details(measured)
        .verify();

    double speedup = alignedWait.toNanos() / (double) learner.longest().toNanos();
    Budget.of(TEXTS.get("faster.what"), "×")
        .measured(speedup)
        .atLeast(SPEEDUP_BUDGET)
        .typically(TEXTS.get("faster.starter"), TEXTS.get("faster.reference"))
        .readOn(README, "Exercise 2: checkpoints under backpressure")
        .details(measured)
        .verify();
  }

  /** One run: its checkpoints' durations and in-flight bytes, and how many failed. */
  private record Run(List<JobCheckpoints.Completed> completed, int failed, List<String> reasons) {

    Duration shortest() {
      return completed.stream()
          .map(JobCheckpoints.Completed::duration)
          .min(Duration::compareTo)
          .orElseThrow(
              () -> new IllegalStateException("No aligned checkpoint completed: " + reasons));
    }

    Duration longest() {
      return completed.stream()
          .map(JobCheckpoints.Completed::duration)
          .max(Duration::compareTo)
          .orElse(Duration.ofDays(1));
    }

    List<String> durations() {
      return completed.stream().map(c -> c.duration().toMillis() + " ms").toList();
    }

    List<Long> inFlightBytes() {
      return completed.stream().map(JobCheckpoints.Completed::persistedInFlightData).toList();
    }
  }

  /**
   * Runs the job into a slow sink and takes {@code warmUps} checkpoints that do not count (the
   * first unaligned checkpoint of a JVM is the slowest), then {@code checkpointCount} that do.
   */
  private static Run run(String name, Configuration config, int warmUps, int checkpointCount)
      throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM, config);
    SlowSink sink = new SlowSink(name);
    ReceiptsJob.receipts(ReceiptsJob.orders(env, ORDERS, RateLimiterStrategy.noOp()))
        .sinkTo(sink)
        .name("Slow sink");
    List<JobCheckpoints.Completed> completed = new ArrayList<>();
    int failed = 0;
    List<String> reasons = new ArrayList<>();
    try (JobRun run = CLUSTER.start(env)) {
      JobCheckpoints checkpoints = JobCheckpoints.of(CLUSTER, run);
      while (sink.received().isEmpty()) {
        Thread.sleep(20);
      }
      Thread.sleep(FILL.toMillis());
      for (int i = 0; i < warmUps; i++) {
        try {
          checkpoints.trigger();
        } catch (CheckpointFailedException notCounted) {
          // A warm-up; only the checkpoints after it count.
        }
      }
      for (int i = 0; i < checkpointCount; i++) {
        try {
          completed.add(checkpoints.trigger());
        } catch (CheckpointFailedException timedOut) {
          failed++;
          reasons.add(timedOut.getMessage());
        }
      }
      sink.unthrottle();
      run.awaitFinished();
    }
    OutputCheck.assertSameRecords(
        TEXTS.get("receiptsOutput", name),
        LongStream.range(0, ORDERS)
            .mapToObj(o -> ReceiptsJob.sign(ReceiptsJob.receiptOf(o)))
            .toList(),
        sink.received());
    return new Run(completed, failed, reasons);
  }

  /** The learner's configuration; a key Flink 2.2 does not know is a wrong route, not a crash. */
  private static Configuration configuration() {
    Configuration config;
    try {
      config = ReceiptsJob.configuration();
    } catch (IllegalArgumentException notFlinkKeys) {
      throw new WrongRouteError(TEXTS.get("ignoredConfiguration", notFlinkKeys.getMessage()));
    }
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
    return config;
  }
}
