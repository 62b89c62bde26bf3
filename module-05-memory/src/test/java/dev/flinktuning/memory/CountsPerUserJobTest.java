package dev.flinktuning.memory;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.JobShape;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.TaskIo;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 5 · Exercise 3 · network buffers and the buffer timeout")
class CountsPerUserJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(CountsPerUserJobTest.class);

  private static final ShopEventGenerator GENERATOR = ShopEventGenerator.withSeed(53);
  private static final int EVENTS = 8_000;

  /**
   * The source's rate, in events per second for the whole job: a steady stream, as in production,
   * not a burst. At this rate the receiving task keeps up, so a buffer holds what the sender put in
   * it before it was sent.
   */
  private static final int EVENTS_PER_SECOND = 4_000;

  private static final int PARALLELISM = 2;

  /** The starter ships about one record per buffer; the check asks for 20 times that. */
  private static final double RECORDS_PER_BUFFER_AT_LEAST = 20;

  private static List<Tuple2<Long, Long>> expected;

  @BeforeAll
  static void oracle() {
    Map<Long, Long> counts = new HashMap<>();
    expected = new ArrayList<>();
    for (ShopEvent event : GENERATOR.generate(EVENTS)) {
      expected.add(Tuple2.of(event.userId, counts.merge(event.userId, 1L, Long::sum)));
    }
  }

  @Test
  @DisplayName("emits the oracle's running counts per user")
  void emitsTheOraclesCounts() throws Exception {
    runAndCheckOutput();
  }

  @GradedCheck
  @DisplayName("records share network buffers: at least 20 records per buffer on the keyBy")
  void recordsShareBuffers() throws Exception {
    JobRun run = runAndCheckOutput();
    JobShape shape = run.shape();
    TaskIo io = run.taskIo();

    JobShape.Edge keyed =
        shape.edges().stream()
            .filter(edge -> edge.shipStrategy().toUpperCase(Locale.ROOT).equals("HASH"))
            .findFirst()
            .orElseThrow(() -> new WrongRouteError(TEXTS.get("keyByGone", shape.describe())));
    if (keyed.to().parallelism() != PARALLELISM || io.recordsIn(keyed.to()) != EVENTS) {
      throw new WrongRouteError(
          TEXTS.get(
              "countingTask",
              PARALLELISM,
              String.format("%,d", EVENTS),
              keyed.to().parallelism(),
              String.format("%,d", io.recordsIn(keyed.to())),
              shape.describe()));
    }

    long records = io.recordsSentBetweenTasks();
    long buffers = 0;
    for (Metric metric : run.metrics(".*\\.\\d+\\.numBuffersIn(Local|Remote)").values()) {
      if (metric instanceof Counter counter) {
        buffers += counter.getCount();
      }
    }
    double perBuffer = buffers == 0 ? 0 : records / (double) buffers;
    Budget.of(TEXTS.get("perBuffer.what"), TEXTS.get("unit.records"))
        .measured(Math.floor(perBuffer * 100) / 100)
        .atLeast(RECORDS_PER_BUFFER_AT_LEAST)
        .typically(TEXTS.get("perBuffer.starter"), TEXTS.get("perBuffer.reference"))
        .readOn("module-05-memory/README.md", "Exercise 3: the buffer timeout")
        .details(
            TEXTS.get(
                "perBuffer.details",
                String.format(Locale.ROOT, "%,d", records),
                String.format(Locale.ROOT, "%,d", buffers),
                String.format(Locale.ROOT, "%,d", EVENTS_PER_SECOND),
                io.describeBytesSent()))
        .verify();
  }

  private static JobRun runAndCheckOutput() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CountsPerUserJob.configure(env);
    CollectingSink<Tuple2<Long, Long>> sink = new CollectingSink<>();
    CountsPerUserJob.countsPerUser(
            ShopEvents.throttledStream(env, GENERATOR, EVENTS, EVENTS_PER_SECOND))
        .sinkTo(sink);
    JobRun run = CLUSTER.run(env);
    try {
      OutputCheck.assertSameRecords(TEXTS.get("runningCountsPerUser"), sink.results(), expected);
    } finally {
      sink.clear();
    }
    return run;
  }
}
