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
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 4 · Exercise 3b · drop repeated events: large state")
class DedupJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  private static final int PARALLELISM = 2;

  /** 200,000 events, one in ten delivered twice: 220,000 deliveries, 200,000 ids to remember. */
  private static final ShopEventGenerator INPUT = ShopEventGenerator.withSeed(32);

  private static final int EVENTS = 200_000;

  private static final List<ShopEvent> EXPECTED = INPUT.generate(EVENTS);

  // The production scale of DedupJob's Javadoc and the README: 5,000 events a second for 7 days,
  // over 10 TaskManagers.
  private static final long IDS_PER_TASK_MANAGER = 300_000_000L;
  private static final long TASK_HEAP_BYTES = 4L << 30;
  private static final long LOCAL_DISK_BYTES = 200L << 30;

  /**
   * The heap backend keeps state as Java objects: an entry, a boxed key, a boxed value, a TTL
   * wrapper. They take at least twice the bytes of the serialized entry in a checkpoint.
   */
  private static final double HEAP_OVER_CHECKPOINT = 2.0;

  /**
   * The least a checkpoint can hold for an id that the job remembers in Flink's state: half of the
   * id's own 8 bytes, whatever the compression. Measured: 18 bytes on the heap backend, about 12 on
   * RocksDB.
   */
  private static final double BYTES_PER_ID_FLOOR = 4;

  private static final String README = "module-04-state/README.md";
  private static final String SECTION = "Exercise 3: choosing the state backend";

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(DedupJobTest.class);

  /** State may fill at most half the room it lives in: the rest is for growth and for work. */
  private static final double SHARE_BUDGET = 0.5;

  @Test
  @DisplayName("lets each event through exactly once, with the configuration of dedup.yaml")
  void letsEachEventThroughOnce() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM, DedupJob.configuration());
    CollectingSink<ShopEvent> sink =
        CollectingSink.collect(
            DedupJob.once(Redeliveries.of(ShopEvents.stream(env, INPUT, EVENTS))));
    try {
      CLUSTER.run(env);
      OutputCheck.assertSameRecords(TEXTS.get("eventsOnceEach"), sink.results(), EXPECTED);
    } finally {
      sink.clear();
    }
  }

  @GradedCheck
  @DisplayName("dedup.yaml chooses a backend that can hold the state at production scale")
  void stateFitsWhereTheBackendKeepsIt() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM, DedupJob.configuration());
    CollectingSink<ShopEvent> sink =
        CollectingSink.collect(
            DedupJob.once(Redeliveries.of(ShopEvents.streamThenHold(env, INPUT, EVENTS))));

    long stateBytes;
    String backend;
    List<ShopEvent> output;
    try (JobRun run = CLUSTER.start(env)) {
      run.awaitSourceRecords(EVENTS + EVENTS / Redeliveries.EVERY);
      stateBytes = run.checkpointNow().stateSizeAfterSources(run.shape());
      backend =
          CLUSTER
              .cluster()
              .getExecutionGraph(run.jobId())
              .get()
              .getStateBackendName()
              .orElse("unknown");
      output = sink.results();
    } finally {
      sink.clear();
    }
    OutputCheck.assertSameRecords(TEXTS.get("eventsOnceEach"), output, EXPECTED);
    ConfigurationFileCheck.assertChoosesABackend(DedupJob.CONFIGURATION, DedupJob.configuration());
    assertIdsAreInFlinkState(stateBytes);

    double bytesPerId = stateBytes / (double) EVENTS;
    double production = bytesPerId * IDS_PER_TASK_MANAGER;
    boolean onHeap = !backend.contains("RocksDB");
    double needed = onHeap ? production * HEAP_OVER_CHECKPOINT : production;
    long room = onHeap ? TASK_HEAP_BYTES : LOCAL_DISK_BYTES;

    Budget.of(
            TEXTS.get(
                "stateShare.what",
                TEXTS.get(onHeap ? "stateShare.taskHeap" : "stateShare.localDisk"),
                backend),
            "%")
        .measured(Math.round(1000 * needed / room) / 10.0)
        .atMost(100 * SHARE_BUDGET)
        .typically(TEXTS.get("stateShare.starter"), TEXTS.get("stateShare.reference"))
        .readOn(README, SECTION)
        .details(
            TEXTS.get(
                "stateShare.details",
                String.format("%,d", stateBytes),
                String.format("%,d", EVENTS),
                String.format("%.1f", bytesPerId),
                String.format("%,d", IDS_PER_TASK_MANAGER),
                String.format("%.1f", production / (1L << 30)),
                onHeap
                    ? TEXTS.get(
                        "stateShare.onHeap",
                        String.format("%.0f", HEAP_OVER_CHECKPOINT),
                        String.format("%.1f", needed / (1L << 30)),
                        TASK_HEAP_BYTES >> 30)
                    : TEXTS.get(
                        "stateShare.onRocksDb",
                        String.format("%.1f", needed / (1L << 30)),
                        LOCAL_DISK_BYTES >> 30)))
        .verify();
  }

  /**
   * The job must remember every id it let through, in Flink's state: the checkpoint the budget
   * projects to production must hold them. A job that remembers ids in a field, or only the last
   * id, holds almost nothing there, and forgets them in a failure.
   */
  private static void assertIdsAreInFlinkState(long stateBytes) {
    long floor = Math.round(EVENTS * BYTES_PER_ID_FLOOR);
    if (stateBytes < floor) {
      throw new WrongRouteError(
          TEXTS.get(
              "idsOutsideFlink",
              String.format("%,d", stateBytes),
              String.format("%,d", EVENTS),
              String.format("%.0f", BYTES_PER_ID_FLOOR),
              DedupJob.RETENTION,
              ReadOn.pointer(README, SECTION)));
    }
  }
}
