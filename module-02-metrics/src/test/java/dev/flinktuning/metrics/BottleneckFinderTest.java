package dev.flinktuning.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.i18n.Texts;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 2 · Exercise 1a · find the bottleneck from the REST API")
class BottleneckFinderTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(BottleneckFinderTest.class);

  /** The REST API's metric store asks the TaskManagers every second, not every 10 s. */
  @RegisterExtension
  static final GradingCluster CLUSTER =
      GradingCluster.withSlots(8)
          .withConfiguration(
              Configuration.fromMap(
                  java.util.Map.of(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL.key(), "1000")));

  /**
   * Flink's busy, idle and backpressured times are averages over 5-second windows: one window and a
   * fetch after the start, the first readings of the steady state can arrive.
   */
  private static final long FIRST_WINDOW_MILLIS = 6_000;

  private static final long SETTLE_TIMEOUT_MILLIS = 60_000;

  /** A slow stage's cost per record, and a lesser one's: the slow one limits the job to 2,500/s. */
  private static final long SLOW_MICROS = 400;

  private static final long LESSER_MICROS = 60;

  /** A pipeline the check builds, and the stage in it that limits it. */
  private record Pipeline(String description, String slowStage, JobRun run) {}

  @GradedCheck(timed = true)
  @DisplayName("names the vertex that limits the job, in five pipelines")
  void namesTheBottleneckInEveryPipeline() throws Exception {
    List<Pipeline> pipelines = new ArrayList<>();
    try {
      pipelines.add(linear());
      pipelines.add(slowAtTheEnd());
      pipelines.add(fanIn());
      pipelines.add(twoSlowStagesTheLaterDominates());
      pipelines.add(twoSlowStagesTheFirstDominatesAtParallelism2());
      Thread.sleep(FIRST_WINDOW_MILLIS);

      String webUi = CLUSTER.cluster().getRestAddress().get().toString();
      BottleneckFinder finder = new BottleneckFinder(webUi);
      int right = 0;
      StringBuilder details = new StringBuilder();
      for (Pipeline pipeline : pipelines) {
        String jobId = pipeline.run().jobId().toHexString();
        Verdict verdict = askWhileSettled(finder, webUi, jobId, pipeline.slowStage());
        boolean isRight = verdict.named().name().contains(pipeline.slowStage());
        right += isRight ? 1 : 0;
        details.append(
            TEXTS.get(
                "finder.line",
                TEXTS.get(isRight ? "finder.right" : "finder.wrong"),
                pipeline.description(),
                pipeline.slowStage(),
                verdict.named().name()));
        details.append(VertexTimes.table(verdict.times()));
      }

      Budget.of(TEXTS.get("finder.what"), TEXTS.get("unit.ofN", pipelines.size()))
          .measured(right)
          .atLeast(pipelines.size())
          .typically(TEXTS.get("finder.starter"), TEXTS.get("finder.reference"))
          .readOn("module-02-metrics/README.md", "Exercise 1a: find the bottleneck")
          .details(details.toString())
          .verify();
    } finally {
      for (Pipeline pipeline : pipelines) {
        pipeline.run().close();
      }
    }
  }

  @Test
  @DisplayName("reads every vertex of a running job from the REST API")
  void readsEveryVertex() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(1);
    stage(stage(source(env, "Numbers"), "first", 0), "second", 0).sinkTo(new DiscardingSink<>());
    try (JobRun run = CLUSTER.start(env)) {
      BottleneckFinder finder =
          new BottleneckFinder(CLUSTER.cluster().getRestAddress().get().toString());
      // The REST API caches a job's execution graph for a few seconds: right after the submission
      // it may show the job without its vertices yet.
      List<VertexLoad> loads = finder.loads(run.jobId().toHexString());
      for (int i = 0; i < 50 && loads.isEmpty(); i++) {
        Thread.sleep(200);
        loads = finder.loads(run.jobId().toHexString());
      }
      assertThat(loads).extracting(VertexLoad::name).hasSize(4);
      assertThat(finder.firstRunningJob()).isNotEmpty();
    }
  }

  /** What the finder named, and the check's own reading of the job just after. */
  private record Verdict(VertexLoad named, List<VertexTimes.Times> times) {}

  /**
   * Asks the finder once the check's own reading shows the job in its steady state, and again if
   * the reading just after it does not (the finder may have read a turning window).
   */
  private static Verdict askWhileSettled(
      BottleneckFinder finder, String webUi, String jobId, String slowStage) throws Exception {
    long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MILLIS;
    List<VertexTimes.Times> before = VertexTimes.read(webUi, jobId);
    while (System.currentTimeMillis() < deadline) {
      if (VertexTimes.settled(before, slowStage)) {
        VertexLoad named = finder.bottleneckOf(jobId);
        List<VertexTimes.Times> after = VertexTimes.read(webUi, jobId);
        if (VertexTimes.settled(after, slowStage)) {
          return new Verdict(named, after);
        }
        before = after;
      } else {
        Thread.sleep(500);
        before = VertexTimes.read(webUi, jobId);
      }
    }
    throw new IllegalStateException(
        "The pipeline did not show its slow stage '"
            + slowStage
            + "' as the busiest within "
            + SETTLE_TIMEOUT_MILLIS / 1000
            + " s; the machine may be overloaded. Its last reading:\n"
            + VertexTimes.table(before));
  }

  private static Pipeline linear() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(1);
    DataStream<Long> numbers = source(env, "Orders");
    DataStream<Long> out =
        stage(stage(stage(numbers, "Parse", 0), "Enrich", SLOW_MICROS), "Format", 0);
    out.sinkTo(new DiscardingSink<>()).name("Store");
    return new Pipeline("source, parse, enrich, format", "Enrich", CLUSTER.start(env));
  }

  private static Pipeline slowAtTheEnd() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(1);
    DataStream<Long> out =
        stage(stage(stage(source(env, "Clicks"), "Decode", 0), "Filter", 0), "Write", SLOW_MICROS);
    out.sinkTo(new DiscardingSink<>()).name("Discard");
    return new Pipeline("source, decode, filter, slow writer", "Write", CLUSTER.start(env));
  }

  private static Pipeline fanIn() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(1);
    DataStream<Long> views = stage(source(env, "Views"), "Clean views", 0);
    DataStream<Long> carts = stage(source(env, "Carts"), "Clean carts", 0);
    DataStream<Long> out = stage(stage(views.union(carts), "Join", SLOW_MICROS), "Report", 0);
    out.sinkTo(new DiscardingSink<>()).name("Publish");
    return new Pipeline("two sources into a slow join", "Join", CLUSTER.start(env));
  }

  private static Pipeline twoSlowStagesTheLaterDominates() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(1);
    DataStream<Long> out =
        stage(
            stage(stage(source(env, "Events"), "Score", LESSER_MICROS), "Rank", SLOW_MICROS),
            "Emit",
            0);
    out.sinkTo(new DiscardingSink<>()).name("Out");
    return new Pipeline("a slowish stage before the slowest", "Rank", CLUSTER.start(env));
  }

  private static Pipeline twoSlowStagesTheFirstDominatesAtParallelism2() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    DataStream<Long> out =
        stage(
            stage(stage(source(env, "Lines"), "Tokenize", SLOW_MICROS), "Count", LESSER_MICROS),
            "Emit",
            0);
    out.sinkTo(new DiscardingSink<>()).name("Out");
    return new Pipeline(
        "the slowest stage before a slowish one, parallelism 2", "Tokenize", CLUSTER.start(env));
  }

  /** An endless source of numbers, as fast as the job takes them, at parallelism 1. */
  private static DataStream<Long> source(StreamExecutionEnvironment env, String name) {
    return env.fromSource(
            new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, Types.LONG),
            WatermarkStrategy.noWatermarks(),
            name)
        .setParallelism(1);
  }

  /** A stage that costs {@code micros} per record, as a task of its own. */
  private static DataStream<Long> stage(DataStream<Long> in, String name, long micros) {
    return in.map(new PacedStage(micros)).name(name).disableChaining();
  }
}
