package dev.flinktuning.state;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.SavepointKeys;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Chapter 4 · Exercise 2 · visits and checkouts, with visitors who never come back")
class VisitCheckoutsJobTest {

  /** Two slots for the job, one for the State Processor API's batch job that reads a savepoint. */
  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(3);

  private static final int PARALLELISM = 2;

  /** 120,000 events, 3 h 20 min of event time: about 10,000 visitors, 50 at a time. */
  private static final ShopEventGenerator INPUT = Visitors.generator(21);

  private static final int EVENTS = 120_000;

  private static final List<ShopEvent> EVENTS_IN = Visitors.generate(INPUT, EVENTS);

  private static final long GAP = VisitCheckoutsJob.VISIT_GAP.toMillis();

  private static final CheckoutOracle ORACLE = CheckoutOracle.of(EVENTS_IN, GAP);

  /** The watermark once every event is in: the last event time, less the allowed lateness. */
  private static final long FINAL_WATERMARK =
      EVENTS_IN.stream().mapToLong(e -> e.timestamp).max().orElseThrow()
          - INPUT.maxOutOfOrderness()
          - 1;

  /**
   * Only visits that are not over may keep state. About 50 visitors are in the shop at any time,
   * out of some 10,000 in the input: the budget allows 1 % of all visitors.
   */
  private static final double SHARE_OF_VISITORS_BUDGET = 0.01;

  /**
   * State TTL counts processing time: a TTL-based solution needs some seconds after the last event
   * before its state is expired. The check takes a savepoint up to this many times, 2 s apart.
   */
  private static final int SAVEPOINT_ATTEMPTS = 5;

  @TempDir Path savepoints;

  @Test
  @DisplayName("emits the same checkouts as the oracle")
  void emitsTheOraclesCheckouts() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CollectingSink<Checkout> sink = new CollectingSink<>();
    VisitCheckoutsJob.checkouts(Visitors.of(ShopEvents.stream(env, INPUT, EVENTS), INPUT))
        .sinkTo(sink);
    try {
      CLUSTER.run(env);
      OutputCheck.assertSameRecords("checkouts", sink.results(), ORACLE.checkouts());
    } finally {
      sink.clear();
    }
  }

  @GradedCheck
  @DisplayName("state is kept for visits in progress only, not for every visitor ever seen")
  void stateEndsWithTheVisit() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CollectingSink<Checkout> sink = new CollectingSink<>();
    VisitCheckoutsJob.checkouts(Visitors.of(ShopEvents.streamThenHold(env, INPUT, EVENTS), INPUT))
        .sinkTo(sink);

    SavepointKeys keys;
    List<Checkout> output;
    try (JobRun run = CLUSTER.start(env)) {
      run.awaitSourceRecords(EVENTS);
      run.awaitInputWatermark(FINAL_WATERMARK);
      keys = keysLeftInState(run, Math.round(ORACLE.visitors() * SHARE_OF_VISITORS_BUDGET));
      // The savepoint's barriers followed the last event, so the output is complete now.
      output = sink.results();
    } finally {
      sink.clear();
    }
    OutputCheck.assertSameRecords("checkouts", output, ORACLE.checkouts());

    Budget.of("Visitors with state left in a savepoint, as a share of all visitors", "%")
        .measured(100.0 * keys.distinctKeys() / ORACLE.visitors())
        .atMost(100 * SHARE_OF_VISITORS_BUDGET)
        .typically(
            "100 % (all 10,038 visitors keep a Visit)",
            "0.68 % (the 68 visits still in progress at the end)")
        .readOn("module-04-state/README.md", "Exercise 2: state that ends")
        .details(
            String.format(
                "  visitors in the input: %,d; visits still in progress at the end: %,d%n"
                    + "  keys left in the savepoint of operator '%s': %,d%n%s",
                ORACLE.visitors(),
                ORACLE.openVisitsAt(FINAL_WATERMARK, GAP),
                VisitCheckoutsJob.VISITS_UID,
                keys.distinctKeys(),
                keys.describe()))
        .verify();
  }

  /**
   * Takes savepoints, up to {@link #SAVEPOINT_ATTEMPTS}, until the operator's state has at most
   * {@code enough} keys, and returns what the last one holds. Event-time cleanup passes at once;
   * state TTL needs its time to pass first.
   */
  private SavepointKeys keysLeftInState(JobRun run, long enough) throws Exception {
    SavepointKeys keys = null;
    for (int attempt = 1; attempt <= SAVEPOINT_ATTEMPTS; attempt++) {
      if (attempt > 1) {
        Thread.sleep(2_000);
      }
      String savepoint = run.savepointNow(savepoints);
      keys =
          SavepointKeys.read(
              CLUSTER.environment(1), savepoint, VisitCheckoutsJob.VISITS_UID, Types.LONG);
      if (keys.distinctKeys() <= enough) {
        break;
      }
    }
    return keys;
  }
}
