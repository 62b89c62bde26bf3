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
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.RestoreCheck;
import dev.flinktuning.support.grading.SavepointKeys;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
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
   * The restore check waits this long between the stop and the restore, as an outage or an upgrade
   * would. State that ends by the clock (a state TTL) ages meanwhile; state that ends by event time
   * does not.
   */
  private static final Duration PAUSE_BEFORE_RESTORE = Duration.ofSeconds(2);

  private static final String README = "module-04-state/README.md";
  private static final String SECTION = "Exercise 2: state that ends";

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(VisitCheckoutsJobTest.class);

  @TempDir Path savepoints;

  @Test
  @DisplayName("emits the same checkouts as the oracle")
  void emitsTheOraclesCheckouts() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CollectingSink<Checkout> sink =
        CollectingSink.collect(
            VisitCheckoutsJob.checkouts(Visitors.of(ShopEvents.stream(env, INPUT, EVENTS), INPUT)));
    try {
      CLUSTER.run(env);
      OutputCheck.assertSameRecords(TEXTS.get("checkouts"), sink.results(), ORACLE.checkouts());
    } finally {
      sink.clear();
    }
  }

  @GradedCheck
  @DisplayName("state is kept for visits in progress only, not for every visitor ever seen")
  void stateEndsWithTheVisit() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CollectingSink<Checkout> sink =
        CollectingSink.collect(
            VisitCheckoutsJob.checkouts(
                Visitors.of(ShopEvents.streamThenHold(env, INPUT, EVENTS), INPUT)));

    SavepointKeys keys;
    List<Checkout> output;
    try (JobRun run = CLUSTER.start(env)) {
      run.awaitSourceRecords(EVENTS);
      run.awaitInputWatermark(FINAL_WATERMARK);
      keys =
          SavepointKeys.read(
              CLUSTER.environment(1),
              run.savepointNow(savepoints),
              VisitCheckoutsJob.VISITS_UID,
              Types.LONG);
      // The savepoint's barriers followed the last event, so the output is complete now.
      output = sink.results();
    } finally {
      sink.clear();
    }
    OutputCheck.assertSameRecords(TEXTS.get("checkouts"), output, ORACLE.checkouts());
    assertVisitsSurviveARestore();
    assertVisitsOperatorIsTheKeyedOne(keys);

    Budget.of(TEXTS.get("visitorsLeft.what"), "%")
        .measured(100.0 * keys.distinctKeys() / ORACLE.visitors())
        .atMost(100 * SHARE_OF_VISITORS_BUDGET)
        .typically(TEXTS.get("visitorsLeft.starter"), TEXTS.get("visitorsLeft.reference"))
        .readOn(README, SECTION)
        .details(
            TEXTS.get(
                "visitorsLeft.details",
                String.format("%,d", ORACLE.visitors()),
                String.format("%,d", ORACLE.openVisitsAt(FINAL_WATERMARK, GAP)),
                VisitCheckoutsJob.VISITS_UID,
                String.format("%,d", keys.distinctKeys()),
                keys.describe()))
        .verify();
  }

  /**
   * The check counts keys in the operator with uid {@value VisitCheckoutsJob#VISITS_UID}: it must
   * be the operator that follows the visitors, the first one after the {@code keyBy} of the
   * visitors' events, at the job's parallelism, and it must declare keyed state. Otherwise a
   * stateless decoy could carry the uid while the visits grow elsewhere.
   */
  private static void assertVisitsOperatorIsTheKeyedOne(SavepointKeys keys) {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    VisitCheckoutsJob.checkouts(Visitors.of(ShopEvents.stream(env, INPUT, 1), INPUT))
        .sinkTo(new DiscardingSink<>());
    JobGraph graph = env.getStreamGraph().getJobGraph();
    OperatorID visits = OperatorIdentifier.forUid(VisitCheckoutsJob.VISITS_UID).getOperatorId();
    String problem = null;
    JobVertex found = null;
    for (JobVertex vertex : graph.getVertices()) {
      if (vertex.getOperatorIDs().stream()
          .anyMatch(pair -> pair.getGeneratedOperatorID().equals(visits))) {
        found = vertex;
      }
    }
    if (found == null) {
      problem = TEXTS.get("visitsOperator.noneHasIt");
    } else {
      // A vertex lists its operators from the last of its chain to the first.
      OperatorID head =
          found.getOperatorIDs().get(found.getOperatorIDs().size() - 1).getGeneratedOperatorID();
      boolean keyedFromTheSource =
          found.getInputs().stream()
              .anyMatch(
                  edge ->
                      edge.getShipStrategyName().equalsIgnoreCase("HASH")
                          && edge.getSource().getProducer().isInputVertex());
      if (!head.equals(visits) || !keyedFromTheSource) {
        problem = TEXTS.get("visitsOperator.notAfterKeyBy", found.getName());
      } else if (found.getParallelism() != PARALLELISM) {
        problem = TEXTS.get("visitsOperator.parallelism", found.getParallelism(), PARALLELISM);
      } else if (keys.states().isEmpty()) {
        problem = TEXTS.get("visitsOperator.noKeyedState");
      }
    }
    if (problem != null) {
      throw new WrongRouteError(
          TEXTS.get(
              "visitsOperator.wrong",
              VisitCheckoutsJob.VISITS_UID,
              problem,
              ReadOn.pointer(README, SECTION)));
    }
  }

  /**
   * Stops the job with a savepoint halfway, waits {@link #PAUSE_BEFORE_RESTORE}, restores it with
   * its classes loaded anew, and compares the output of both halves with the oracle's. Visits in
   * progress at the stop must go on after the restore.
   */
  private static void assertVisitsSurviveARestore() throws Exception {
    try {
      RestoreCheck.of(
              CLUSTER,
              VisitCheckoutsJob.class,
              events -> VisitCheckoutsJob.checkouts(Visitors.of(events, INPUT)))
          .parallelism(PARALLELISM)
          .pauseBeforeRestore(PAUSE_BEFORE_RESTORE)
          .input(INPUT, EVENTS)
          .assertSameRecords(TEXTS.get("checkouts"), ORACLE.checkouts(), README, SECTION);
    } catch (WrongRouteError lost) {
      throw new WrongRouteError(
          TEXTS.get("visitsLost", PAUSE_BEFORE_RESTORE.toSeconds(), lost.getMessage()));
    }
  }
}
