package dev.flinktuning.principles;

import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.JobShape;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.RouteCheck;
import dev.flinktuning.support.grading.TaskIo;
import dev.flinktuning.support.i18n.Texts;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 1 · Exercise 3 · events per item and minute, with hot items")
class ItemActivityJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(4);

  private static final int PARALLELISM = 4;
  private static final int EVENTS = 60_000;
  private static final ShopEventGenerator GENERATOR = ItemActivityJob.skewedShop(31);

  private static final String README = "module-01-principles/README.md";
  private static final String SECTION = "Exercise 3: hot keys";

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(ItemActivityJobTest.class);

  /**
   * The busiest subtask of the keyed operator that receives every event may get at most this much
   * more than the average one.
   */
  private static final double MAX_TO_MEAN_BUDGET = 1.25;

  @Test
  @DisplayName("emits the same counts per item and minute as the oracle")
  void emitsTheOraclesCounts() throws Exception {
    runAndCheckOutput();
  }

  @GradedCheck
  @DisplayName("events are spread evenly over the counting subtasks")
  void loadIsSpreadEvenly() throws Exception {
    JobRun run = runAndCheckOutput();
    JobShape.Vertex counting =
        RouteCheck.keyedOperatorReceivingAll(
            run, EVENTS, PARALLELISM, TEXTS.get("theCountingPerItem"), README, SECTION);

    TaskIo io = run.taskIo();
    Budget.of(
            TEXTS.get("busiestSubtask.what", counting.parallelism(), counting.name()),
            TEXTS.get("unit.timesTheMean"))
        .measured(io.maxToMeanRecordsIn(counting))
        .atMost(MAX_TO_MEAN_BUDGET)
        .typically(TEXTS.get("busiestSubtask.starter"), TEXTS.get("busiestSubtask.reference"))
        .readOn(README, SECTION)
        .details(io.describe())
        .verify();
  }

  private static JobRun runAndCheckOutput() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CollectingSink<ItemCount> sink =
        CollectingSink.collect(
            ItemActivityJob.activityPerMinute(ShopEvents.stream(env, GENERATOR, EVENTS)));
    JobRun run = CLUSTER.run(env);
    OutputCheck.assertSameRecords(
        TEXTS.get("eventsPerItemAndMinute"),
        sink.results(),
        ItemCountOracle.expected(
            GENERATOR.generate(EVENTS), e -> true, ItemActivityJob.WINDOW.toMillis()));
    sink.clear();
    return run;
  }
}
