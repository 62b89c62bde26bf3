package dev.flinktuning.principles;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.RestoreCheck;
import dev.flinktuning.support.i18n.Texts;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 1 · Exercise 1 · hourly stats per category")
class CategoryStatsJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(CategoryStatsJobTest.class);

  /** About 8 hours of event time: 80 windows' worth of results across 10 categories. */
  private static final ShopEventGenerator OUTPUT_INPUT =
      ShopEventGenerator.withSeed(11).millisPerEvent(1_000);

  private static final int OUTPUT_EVENTS = 30_000;

  /**
   * Events for the state measurement, all in the first hour of event time (at most 20,000 × 150 ms
   * = 50 minutes), so no window closes while the state is measured.
   */
  private static final ShopEventGenerator STATE_INPUT =
      ShopEventGenerator.withSeed(12).millisPerEvent(150);

  private static final int FEWER_EVENTS = 5_000;
  private static final int MORE_EVENTS = 20_000;

  /**
   * Incremental aggregation holds the same few numbers per window however many events arrive: the
   * state may grow by a few bytes at most, not by the size of 15,000 events.
   */
  private static final long GROWTH_BUDGET_BYTES = 1_024;

  @Test
  @DisplayName("emits the same hourly stats as the oracle")
  void emitsTheOraclesStats() throws Exception {
    assertOutputMatchesOracle();
  }

  @GradedCheck
  @DisplayName("window state does not grow with the number of events in the window")
  void windowStateDoesNotGrowWithEvents() throws Exception {
    assertOutputMatchesOracle();
    RestoreCheck.of(CLUSTER, CategoryStatsJob.class, CategoryStatsJob::hourlyStats)
        .parallelism(2)
        .input(OUTPUT_INPUT, OUTPUT_EVENTS)
        .assertSameRecords(
            TEXTS.get("hourlyStatsPerCategory"),
            expectedStats(),
            "module-01-principles/README.md",
            "Exercise 1: incremental window aggregation");

    long fewer = stateOfOpenWindowsAfter(FEWER_EVENTS);
    long more = stateOfOpenWindowsAfter(MORE_EVENTS);

    Budget.of(
            TEXTS.get("windowStateGrowth.what", count(FEWER_EVENTS), count(MORE_EVENTS)),
            TEXTS.get("unit.bytes"))
        .measured(more - fewer)
        .atMost(GROWTH_BUDGET_BYTES)
        .typically(TEXTS.get("windowStateGrowth.starter"), TEXTS.get("windowStateGrowth.reference"))
        .readOn("module-01-principles/README.md", "Exercise 1: incremental window aggregation")
        .details(
            TEXTS.get(
                "windowStateGrowth.details",
                count(FEWER_EVENTS),
                count(fewer),
                count(MORE_EVENTS),
                count(more)))
        .verify();
  }

  private static String count(long n) {
    return String.format("%,d", n);
  }

  /**
   * Runs the job on the first {@code events} events, then holds the source open so no window
   * closes, takes a checkpoint and returns the state the job's operators hold.
   */
  private static long stateOfOpenWindowsAfter(int events) throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<CategoryStats> sink =
        CollectingSink.collect(
            CategoryStatsJob.hourlyStats(ShopEvents.streamThenHold(env, STATE_INPUT, events)));
    try (JobRun run = CLUSTER.start(env)) {
      run.awaitSourceRecords(events);
      return run.checkpointNow().stateSizeAfterSources(run.shape());
    } finally {
      sink.clear();
    }
  }

  private static void assertOutputMatchesOracle() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<CategoryStats> sink =
        CollectingSink.collect(
            CategoryStatsJob.hourlyStats(ShopEvents.stream(env, OUTPUT_INPUT, OUTPUT_EVENTS)));
    CLUSTER.run(env);
    OutputCheck.assertSameRecords(
        TEXTS.get("hourlyStatsPerCategory"), sink.results(), expectedStats());
    sink.clear();
  }

  private static List<CategoryStats> expectedStats() {
    List<ShopEvent> input = OUTPUT_INPUT.generate(OUTPUT_EVENTS);
    return CategoryStatsOracle.expected(input, CategoryStatsJob.WINDOW.toMillis());
  }
}
