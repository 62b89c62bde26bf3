package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
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
import dev.flinktuning.support.grading.RelativeTimer;
import dev.flinktuning.support.grading.RestoreCheck;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 4 · Exercise 1 · views before each purchase, on RocksDB")
class PurchaseInsightsJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  private static final int PARALLELISM = 2;

  /** Ten regulars, 40,000 events: each regular views about 3,200 items in the run. */
  private static final ShopEventGenerator INPUT = PurchaseInsightsJob.regulars(41);

  private static final int EVENTS = 40_000;

  /**
   * A view adds one item to a history. Written as one entry, that is a key, an item id and a count:
   * a few dozen bytes. The budget allows 100 bytes per event, views or not.
   */
  private static final long BYTES_PER_EVENT_BUDGET = 100;

  /**
   * With a state primitive that fits the access, RocksDB costs a constant factor over the heap
   * backend: it serializes one entry and crosses into native code per access. The budget allows 4
   * times the heap backend's time.
   */
  private static final double ROCKSDB_OVER_HEAP_BUDGET = 4.0;

  /** The heap backend's runs are short: the best of 5 keeps a slow one from counting. */
  private static final int TIMED_ROUNDS = 5;

  private static final List<ShopEvent> INPUT_EVENTS = INPUT.generate(EVENTS);

  private static final List<PurchaseInsight> EXPECTED =
      PurchaseInsightOracle.expected(INPUT_EVENTS);

  /** Views in the input: each must reach RocksDB, as at least its item id. */
  private static final long VIEWS =
      INPUT_EVENTS.stream().filter(event -> event.type == EventType.VIEW).count();

  /**
   * The least a view can write into RocksDB if the history is kept in keyed state there: the item
   * id viewed, 8 bytes (the key and RocksDB's own bookkeeping come on top).
   */
  private static final long BYTES_PER_VIEW_FLOOR = 8;

  private static final String README = "module-04-state/README.md";
  private static final String SECTION = "Exercise 1: the right state primitive";

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(PurchaseInsightsJobTest.class);

  @Test
  @DisplayName("emits the same insights as the oracle, on RocksDB and on the heap backend")
  void emitsTheOraclesInsights() throws Exception {
    runAndCheckOutput("rocksdb");
    runAndCheckOutput("hashmap");
  }

  @GradedCheck
  @DisplayName("a view writes one entry into RocksDB, not the whole history")
  void aViewWritesOneEntry() throws Exception {
    long bytesWritten = runOnRocksDbAndCheckOutput();
    assertHistoryIsInFlinkState(bytesWritten);

    Budget.of(TEXTS.get("bytesWritten.what"), TEXTS.get("unit.bytes"))
        .measured(Math.round(bytesWritten / (double) EVENTS))
        .atMost(BYTES_PER_EVENT_BUDGET)
        .typically(TEXTS.get("bytesWritten.starter"), TEXTS.get("bytesWritten.reference"))
        .readOn(README, SECTION)
        .details(
            TEXTS.get(
                "bytesWritten.details",
                PARALLELISM,
                String.format("%,d", bytesWritten),
                String.format("%,d", EVENTS)))
        .verify();
  }

  @GradedCheck(timed = true)
  @DisplayName("on RocksDB the job is at most a few times slower than on the heap backend")
  void rocksDbCostsAConstantFactor() throws Exception {
    assertHistoryIsInFlinkState(runOnRocksDbAndCheckOutput());

    double rocksDbOverHeap =
        RelativeTimer.warmUp(1)
            .rounds(TIMED_ROUNDS)
            .speedup(() -> run("rocksdb"), () -> run("hashmap"));

    Budget.of(TEXTS.get("rocksDbOverHeap.what"), "×")
        .measured(rocksDbOverHeap)
        .atMost(ROCKSDB_OVER_HEAP_BUDGET)
        .typically(TEXTS.get("rocksDbOverHeap.starter"), TEXTS.get("rocksDbOverHeap.reference"))
        .readOn(README, SECTION)
        .details(TEXTS.get("bestOfRuns", TIMED_ROUNDS, String.format("%,d", EVENTS)))
        .verify();
  }

  /**
   * Runs the job on RocksDB with its bytes-written metric on, holding the source open after the
   * input so RocksDB's metrics can still be read; checks the output and returns the bytes written.
   */
  private static long runOnRocksDbAndCheckOutput() throws Exception {
    Configuration config = backend("rocksdb");
    config.set(RocksDBNativeMetricOptions.MONITOR_BYTES_WRITTEN, true);
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM, config);
    CollectingSink<PurchaseInsight> sink =
        CollectingSink.collect(
            PurchaseInsightsJob.insights(ShopEvents.streamThenHold(env, INPUT, EVENTS)));

    long bytesWritten;
    List<PurchaseInsight> output;
    try (JobRun run = CLUSTER.start(env)) {
      run.awaitSourceRecords(EVENTS);
      // The checkpoint's barriers follow the last event: once it completes, every event has been
      // processed. RocksDB's metrics are read while its instances are still open.
      run.checkpointNow();
      bytesWritten = run.sumOfGauges(".*\\.rocksdb\\.bytes_written");
      output = sink.results();
    } finally {
      sink.clear();
    }
    OutputCheck.assertSameRecords(TEXTS.get("insightsPerPurchase"), output, EXPECTED);
    return bytesWritten;
  }

  /**
   * The defences: the customers' histories must survive a stop with a savepoint and a restore (so
   * they are in Flink's state, not in a field or a static), and on RocksDB they must be in RocksDB:
   * each view writes at least the item id it adds.
   */
  private static void assertHistoryIsInFlinkState(long bytesWritten) throws Exception {
    RestoreCheck.of(CLUSTER, PurchaseInsightsJob.class, PurchaseInsightsJob::insights)
        .parallelism(PARALLELISM)
        .configuration(backend("rocksdb"))
        .input(INPUT, EVENTS)
        .assertSameRecords(TEXTS.get("insightsPerPurchase"), EXPECTED, README, SECTION);

    long floor = VIEWS * BYTES_PER_VIEW_FLOOR;
    if (bytesWritten < floor) {
      throw new WrongRouteError(
          TEXTS.get(
              "stateOutsideRocksDb",
              String.format("%,d", bytesWritten),
              String.format("%,d", VIEWS),
              String.format("%,d", floor),
              BYTES_PER_VIEW_FLOOR,
              ReadOn.pointer(README, SECTION)));
    }
  }

  private static void runAndCheckOutput(String backend) throws Exception {
    List<PurchaseInsight> output = run(backend);
    OutputCheck.assertSameRecords(TEXTS.get("insightsPerPurchaseOn", backend), output, EXPECTED);
  }

  private static List<PurchaseInsight> run(String backend) throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM, backend(backend));
    CollectingSink<PurchaseInsight> sink =
        CollectingSink.collect(PurchaseInsightsJob.insights(ShopEvents.stream(env, INPUT, EVENTS)));
    try {
      CLUSTER.run(env);
      return sink.results();
    } finally {
      sink.clear();
    }
  }

  /** The job's configuration with this state backend, as {@code state.backend.type} sets it. */
  private static Configuration backend(String type) {
    Configuration config = new Configuration();
    config.set(StateBackendOptions.STATE_BACKEND, type);
    return config;
  }
}
