package dev.flinktuning.principles;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventFiles;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.JobShape;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.OutputMismatchError;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.RouteCheck;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Chapter 1 · Exercise 2 · hourly purchases per item, from files")
class PurchasesFromFilesJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(4);

  private static final String README = "module-01-principles/README.md";
  private static final String SECTION = "Exercise 2: parallelism and chaining";

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(PurchasesFromFilesJobTest.class);

  private static final int PARALLELISM = 4;
  private static final int INPUT_FILES = 2;
  private static final int EVENTS = 40_000;
  private static final ShopEventGenerator GENERATOR =
      ShopEventGenerator.withSeed(21).millisPerEvent(500);

  @TempDir static Path input;

  private static List<ShopEvent> events;
  private static long purchases;

  @BeforeAll
  static void writeInput() {
    ShopEventFiles.writeCsv(input, GENERATOR, EVENTS, INPUT_FILES);
    events = GENERATOR.generate(EVENTS);
    purchases = events.stream().filter(e -> e.type == EventType.PURCHASE).count();
  }

  @Test
  @DisplayName("emits the same hourly purchase counts as the oracle")
  void emitsTheOraclesCounts() throws Exception {
    runAndCheckOutput();
  }

  @GradedCheck
  @DisplayName("only purchases cross between tasks, and only once")
  void onlyPurchasesCrossTheNetworkOnce() throws Exception {
    JobRun run = runAndCheckOutput();
    RouteCheck.keyedOperatorReceivingAll(
        run, purchases, 2, TEXTS.get("theHourlyCountPerItem"), README, SECTION);
    RouteCheck.sourcesReadAll(run, EVENTS, README, SECTION);

    Budget.of(TEXTS.get("recordsBetweenTasks.what"), TEXTS.get("unit.records"))
        .measured(run.taskIo().recordsSentBetweenTasks())
        .atMost(purchases)
        .typically(
            TEXTS.get("recordsBetweenTasks.starter", String.format("%,d", 2 * EVENTS + purchases)),
            TEXTS.get("recordsBetweenTasks.reference", String.format("%,d", purchases)))
        .readOn(README, SECTION)
        .details(run.shape().describe() + run.taskIo().describe())
        .verify();
  }

  @GradedCheck
  @DisplayName("every source subtask has a file to read")
  void noIdleSourceSubtasks() throws Exception {
    int sourceSubtasks = sourceSubtasksInTheGraph();
    JobRun run;
    try {
      run = runAndCheckOutput();
    } catch (OutputMismatchError wrongOutput) {
      if (sourceSubtasks < INPUT_FILES) {
        throw oneReaderForSeveralFiles(sourceSubtasks); // the cause, not its symptom
      }
      throw wrongOutput;
    }
    RouteCheck.sourcesReadAll(run, EVENTS, README, SECTION);
    if (sourceSubtasks < INPUT_FILES) {
      throw oneReaderForSeveralFiles(sourceSubtasks); // even when this run dropped nothing
    }

    JobShape.Vertex source = run.shape().sources().get(0);
    Budget.of(TEXTS.get("sourceSubtasks.what", INPUT_FILES), TEXTS.get("unit.subtasks"))
        .measured(source.parallelism())
        .atMost(INPUT_FILES)
        .typically(
            TEXTS.get("sourceSubtasks.starter"), TEXTS.get("sourceSubtasks.reference", INPUT_FILES))
        .readOn(README, SECTION)
        .details(run.shape().describe())
        .verify();
  }

  /** The job's source parallelism, read from its graph without running it. */
  private static int sourceSubtasksInTheGraph() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CollectingSink.collect(PurchasesFromFilesJob.hourlyPurchases(env, input, INPUT_FILES));
    return JobShape.of(env.getStreamGraph().getJobGraph()).sources().get(0).parallelism();
  }

  /**
   * One source subtask reading several files is wrong whatever one run's output says. On the
   * check's small files, both may be read within one watermark interval, and then no event happens
   * to arrive late; on another run, or on real files, the later file's events are dropped.
   */
  private static WrongRouteError oneReaderForSeveralFiles(int sourceSubtasks) {
    return new WrongRouteError(
        TEXTS.get(
            "route.oneReaderForSeveralFiles",
            sourceSubtasks,
            INPUT_FILES,
            ReadOn.pointer(README, SECTION)));
  }

  private static JobRun runAndCheckOutput() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CollectingSink<ItemCount> sink =
        CollectingSink.collect(PurchasesFromFilesJob.hourlyPurchases(env, input, INPUT_FILES));
    JobRun run = CLUSTER.run(env);
    OutputCheck.assertSameRecords(
        TEXTS.get("hourlyPurchasesPerItem"),
        sink.results(),
        ItemCountOracle.expected(
            events, e -> e.type == EventType.PURCHASE, PurchasesFromFilesJob.WINDOW.toMillis()));
    sink.clear();
    return run;
  }
}
