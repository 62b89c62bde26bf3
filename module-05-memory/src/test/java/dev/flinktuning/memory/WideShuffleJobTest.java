package dev.flinktuning.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobShape;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 5 · Exercise 4 · network memory for a wide shuffle")
class WideShuffleJobTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(WideShuffleJobTest.class);

  private static final Configuration TASK_MANAGER = WideShuffleJob.taskManagerConfiguration();

  @RegisterExtension
  static final GradingCluster CLUSTER =
      GradingCluster.withSlots(WideShuffleJob.PARALLELISM).withConfiguration(TASK_MANAGER);

  private static final ShopEventGenerator GENERATOR = ShopEventGenerator.withSeed(54);
  private static final int EVENTS = 5_000;

  /** How much more network memory than the job needs the check accepts. */
  private static final double AT_MOST_TIMES_NEED = 2.0;

  private static final String README = "module-05-memory/README.md";
  private static final String SECTION = "Exercise 4: network memory for a wide shuffle";

  private static List<Tuple2<Long, Long>> expected;

  @BeforeAll
  static void oracle() {
    Map<Long, Long> counts = new HashMap<>();
    expected = new ArrayList<>();
    for (ShopEvent event : GENERATOR.generate(EVENTS)) {
      expected.add(Tuple2.of(event.userId, counts.merge(event.userId, 1L, Long::sum)));
    }
  }

  @GradedCheck
  @DisplayName("the job runs at parallelism 16, with at most twice the network memory it needs")
  void networkMemoryFitsTheJob() throws Exception {
    MemorySize segment = TASK_MANAGER.get(TaskManagerOptions.MEMORY_SEGMENT_SIZE);
    if (!segment.equals(TaskManagerOptions.MEMORY_SEGMENT_SIZE.defaultValue())) {
      throw new WrongRouteError(
          TEXTS.get(
              "smallerBuffers", segment.toHumanReadableString(), ReadOn.pointer(README, SECTION)));
    }
    MemorySize network = TASK_MANAGER.get(TaskManagerOptions.NETWORK_MEMORY_MAX);

    StreamExecutionEnvironment env = CLUSTER.environment(WideShuffleJob.PARALLELISM);
    CollectingSink<Tuple2<Long, Long>> sink = new CollectingSink<>();
    WideShuffleJob.countsPerUser(ShopEvents.stream(env, GENERATOR, EVENTS)).sinkTo(sink);
    JobShape shape = JobShape.of(env.getStreamGraph(false).getJobGraph());
    checkShape(shape);
    long buffersNeeded = buffersNeeded(shape);
    double times = network.getBytes() / (double) (buffersNeeded * segment.getBytes());

    String failure = null;
    try {
      CLUSTER.run(env);
      OutputCheck.assertSameRecords(TEXTS.get("runningCountsPerUser"), sink.results(), expected);
    } catch (IllegalStateException failed) {
      if (failed.getMessage() == null
          || !failed.getMessage().contains("Insufficient number of network buffers")) {
        throw failed;
      }
      failure = failed.getMessage();
    } finally {
      sink.clear();
    }

    String details =
        TEXTS.get(
            "network.details",
            network.toHumanReadableString(),
            String.format(Locale.ROOT, "%,d", network.getBytes() / segment.getBytes()),
            segment.toHumanReadableString(),
            String.format(Locale.ROOT, "%,d", buffersNeeded),
            new MemorySize(buffersNeeded * segment.getBytes()).toHumanReadableString(),
            describeNeed(shape),
            failure == null ? "" : String.format("  %s%n", failure));
    Budget.of(TEXTS.get("network.what"), "×")
        .measured(Math.floor(times * 100) / 100)
        .atLeast(1.0)
        .typically(TEXTS.get("network.starter"), TEXTS.get("network.reference"))
        .readOn(README, SECTION)
        .details(details)
        .verify();
    if (failure != null) {
      throw new IllegalStateException(TEXTS.get("network.failedAnyway", failure));
    }
    Budget.of(TEXTS.get("network.what"), "×")
        .measured(Math.floor(times * 100) / 100)
        .atMost(AT_MOST_TIMES_NEED)
        .typically(TEXTS.get("network.starter"), TEXTS.get("network.reference"))
        .readOn(README, SECTION)
        .details(details)
        .verify();
  }

  @Test
  @DisplayName("Flink's formula: the job needs 321 buffers on one TaskManager at parallelism 16")
  void formulaForThisJob() {
    StreamExecutionEnvironment env = CLUSTER.environment(WideShuffleJob.PARALLELISM);
    WideShuffleJob.countsPerUser(ShopEvents.stream(env, GENERATOR, EVENTS))
        .sinkTo(new CollectingSink<>());
    assertThat(buffersNeeded(JobShape.of(env.getStreamGraph().getJobGraph()))).isEqualTo(321);
  }

  /** The job must keep its two all-to-all edges at parallelism 16: that is what needs buffers. */
  private static void checkShape(JobShape shape) {
    long wide =
        shape.edges().stream()
            .filter(JobShape.Edge::redistributes)
            .filter(edge -> edge.to().parallelism() == WideShuffleJob.PARALLELISM)
            .filter(edge -> edge.from().parallelism() == WideShuffleJob.PARALLELISM)
            .filter(edge -> edge.shipStrategy().toUpperCase(Locale.ROOT).equals("HASH"))
            .count();
    if (wide == 0) {
      throw new WrongRouteError(
          TEXTS.get(
              "wideShuffleGone",
              WideShuffleJob.PARALLELISM,
              ReadOn.pointer(README, SECTION),
              shape.describe()));
    }
  }

  /**
   * Buffers a job needs on one TaskManager, by Flink's rules for a streaming job whose channels are
   * all local: each sending subtask's result partition takes one buffer per subpartition plus one;
   * each receiving subtask's input gate takes one (a floating buffer).
   */
  static long buffersNeeded(JobShape shape) {
    long buffers = 0;
    for (JobShape.Edge edge : shape.edges()) {
      int subpartitions = edge.redistributes() ? edge.to().parallelism() : 1;
      buffers += (long) edge.from().parallelism() * (subpartitions + 1);
      buffers += edge.to().parallelism();
    }
    return buffers;
  }

  private static String describeNeed(JobShape shape) {
    StringBuilder text = new StringBuilder();
    for (JobShape.Edge edge : shape.edges()) {
      int subpartitions = edge.redistributes() ? edge.to().parallelism() : 1;
      text.append(
          String.format(
              Locale.ROOT,
              "    %s --%s--> %s: %d senders x (%d + 1) + %d receivers x 1 = %,d%n",
              edge.from().name(),
              edge.shipStrategy(),
              edge.to().name(),
              edge.from().parallelism(),
              subpartitions,
              edge.to().parallelism(),
              (long) edge.from().parallelism() * (subpartitions + 1) + edge.to().parallelism()));
    }
    return text.toString();
  }
}
