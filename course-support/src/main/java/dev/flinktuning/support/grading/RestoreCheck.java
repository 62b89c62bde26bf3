package dev.flinktuning.support.grading;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.i18n.Texts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A defence against state kept outside Flink's state: runs a job over its input, stops it with a
 * savepoint halfway, resumes it from the savepoint in a fresh copy of the chapter's classes (as a
 * new TaskManager process would load them: fields and statics start empty), and compares the output
 * of both halves with the oracle's.
 *
 * <pre>{@code
 * RestoreCheck.of(CLUSTER, CategoryStatsJob.class, CategoryStatsJob::hourlyStats)
 *     .parallelism(2)
 *     .input(generator, 30_000)
 *     .assertSameRecords("hourly stats per category", oracle,
 *         "module-01-principles/README.md", "Exercise 1: incremental window aggregation");
 * }</pre>
 *
 * <p>A job whose state lives in Flink's state gives the same output as one uninterrupted run. A job
 * that keeps windows, counts or seen ids in a field of its function, or in a static, loses them at
 * the restore, and fails with a {@link WrongRouteError}.
 */
public final class RestoreCheck<T> {

  private static final Texts TEXTS = Texts.of(RestoreCheck.class);

  private final GradingCluster cluster;
  private final Class<?> chapterClass;
  private final Function<DataStream<ShopEvent>, DataStream<T>> job;
  private int parallelism = 2;
  private Configuration configuration = new Configuration();
  private ShopEventGenerator input;
  private long events;
  private Duration pauseBeforeRestore = Duration.ZERO;

  private RestoreCheck(
      GradingCluster cluster,
      Class<?> chapterClass,
      Function<DataStream<ShopEvent>, DataStream<T>> job) {
    this.cluster = cluster;
    this.chapterClass = chapterClass;
    this.job = job;
  }

  /**
   * @param chapterClass a class of the chapter, to find its classes with (the job's class)
   * @param job the pipeline under test: shop events in, the records the oracle predicts out
   */
  public static <T> RestoreCheck<T> of(
      GradingCluster cluster,
      Class<?> chapterClass,
      Function<DataStream<ShopEvent>, DataStream<T>> job) {
    return new RestoreCheck<>(cluster, chapterClass, job);
  }

  public RestoreCheck<T> parallelism(int parallelism) {
    this.parallelism = parallelism;
    return this;
  }

  /** Job configuration, as the learner's job would set it (a state backend, say). */
  public RestoreCheck<T> configuration(Configuration configuration) {
    this.configuration = new Configuration(configuration);
    return this;
  }

  /**
   * Waits this long between the stop and the restore, as an outage or an upgrade would: processing
   * time runs on, so state that ends by the clock (a state TTL) ages meanwhile.
   */
  public RestoreCheck<T> pauseBeforeRestore(Duration pause) {
    this.pauseBeforeRestore = pause;
    return this;
  }

  public RestoreCheck<T> input(ShopEventGenerator generator, long events) {
    this.input = generator;
    this.events = events;
    return this;
  }

  /**
   * Runs the job in two halves with a restore between them and asserts that together they emit
   * exactly {@code expected}.
   *
   * @throws WrongRouteError when the output differs from the oracle's
   */
  public void assertSameRecords(
      String what, Collection<? extends T> expected, String readOnFile, String readOnSection)
      throws Exception {
    if (input == null) {
      throw new IllegalStateException("RestoreCheck needs input(generator, events)");
    }
    Path savepoints = Files.createTempDirectory("course-restore-check");
    try {
      List<T> output = new ArrayList<>();
      String savepoint = firstHalf(savepoints, output);
      Thread.sleep(pauseBeforeRestore.toMillis());
      secondHalf(savepoint, output);
      try {
        OutputCheck.assertSameRecords(what, output, expected);
      } catch (OutputMismatchError mismatch) {
        throw new WrongRouteError(
            TEXTS.get(
                "restore.stateOutsideFlink",
                mismatch.getMessage().lines().findFirst().orElse(""),
                ReadOn.pointer(readOnFile, readOnSection)));
      }
    } finally {
      deleteTree(savepoints);
    }
  }

  /** The first half of the input, then a stop with a savepoint; returns the savepoint's path. */
  private String firstHalf(Path savepoints, List<T> output) throws Exception {
    StreamExecutionEnvironment env = cluster.environment(parallelism, configuration);
    long half = events / 2;
    CollectingSink<T> sink =
        CollectingSink.collect(job.apply(ShopEvents.streamHoldingAfter(env, input, events, half)));
    try (JobRun run = cluster.start(env)) {
      run.awaitSourceRecords(half);
      String savepoint = run.stopWithSavepoint(savepoints);
      output.addAll(sink.results());
      return savepoint;
    } finally {
      sink.clear();
    }
  }

  /** The same job on the whole input, resumed from the savepoint with its classes loaded anew. */
  private void secondHalf(String savepoint, List<T> output) throws Exception {
    Configuration restored = new Configuration(configuration);
    restored.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment env =
        cluster.environmentWithFreshClasses(parallelism, restored, chapterClass);
    CollectingSink<T> sink =
        CollectingSink.collect(job.apply(ShopEvents.stream(env, input, events)));
    try {
      cluster.run(env);
      output.addAll(sink.results());
    } finally {
      sink.clear();
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
