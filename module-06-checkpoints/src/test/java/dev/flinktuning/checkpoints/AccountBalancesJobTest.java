package dev.flinktuning.checkpoints;

import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobCheckpoints;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.RecordGate;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.time.Duration;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 6 · Exercise 1 · incremental and durable checkpoints")
class AccountBalancesJobTest {

  private static final String README = "module-06-checkpoints/README.md";

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(AccountBalancesJobTest.class);

  /** Large state: one balance per account. */
  private static final long ACCOUNTS = 100_000;

  /** Between two checkpoints, 1 % of the accounts get a deposit. */
  private static final long UPDATES = ACCOUNTS / 100;

  /** Every account once, then two rounds of updates. */
  private static final long DEPOSITS = ACCOUNTS + 2 * UPDATES;

  /**
   * 1 % of the entries changed, so an incremental checkpoint writes about 1 % of the state plus
   * RocksDB's small metadata files; a full one writes 100 %. 10 % leaves room for the metadata and
   * for a compaction, and none for a full copy.
   */
  private static final double SHARE_BUDGET_PERCENT = 10;

  /** A balance takes at least its 8 bytes in any state backend. */
  private static final long MIN_STATE_BYTES = ACCOUNTS * Long.BYTES;

  @Test
  @DisplayName("emits the oracle's balances")
  void emitsTheOraclesBalances() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2, configuration());
    CollectingSink<Balance> sink = new CollectingSink<>();
    AccountBalancesJob.balances(Deposits.stream(env, 1_000, 3_000, RateLimiterStrategy.noOp()))
        .sinkTo(sink);
    CLUSTER.run(env);
    OutputCheck.assertSameRecords(
        TEXTS.get("balances"), sink.results(), BalanceOracle.expected(1_000, 3_000));
  }

  @GradedCheck
  @DisplayName("a checkpoint after few changes writes a small share of the state, durably")
  void steadyCheckpointsWriteLittle() throws Exception {
    RecordGate gate = RecordGate.closed("balances");
    StreamExecutionEnvironment env = CLUSTER.environment(2, configuration());
    CollectingSink<Balance> sink = new CollectingSink<>();
    AccountBalancesJob.balances(Deposits.stream(env, ACCOUNTS, DEPOSITS, gate)).sinkTo(sink);

    JobCheckpoints.Completed first;
    JobCheckpoints.Completed steady;
    try (JobRun run = CLUSTER.start(env)) {
      JobCheckpoints checkpoints = JobCheckpoints.of(CLUSTER, run);
      gate.release(ACCOUNTS);
      run.awaitSourceRecords(ACCOUNTS);
      first = checkpoints.trigger();
      gate.release(UPDATES);
      run.awaitSourceRecords(ACCOUNTS + UPDATES);
      steady = checkpoints.trigger();
      gate.open();
      run.awaitFinished();
    }

    OutputCheck.assertSameRecords(
        TEXTS.get("balances"), sink.results(), BalanceOracle.expected(ACCOUNTS, DEPOSITS));

    if (first.stateSize() < MIN_STATE_BYTES) {
      throw new WrongRouteError(
          TEXTS.get(
              "balancesOutsideFlink",
              String.format("%,d", ACCOUNTS),
              String.format("%,d", first.stateSize()),
              String.format("%,d", MIN_STATE_BYTES)));
    }

    double share = 100.0 * steady.checkpointedSize() / steady.stateSize();
    Budget.of(TEXTS.get("share.what"), "%")
        .measured(share)
        .atMost(SHARE_BUDGET_PERCENT)
        .typically(TEXTS.get("share.starter"), TEXTS.get("share.reference"))
        .readOn(README, "Exercise 1: incremental and durable")
        .details(
            TEXTS.get(
                "share.details",
                String.format("%d", steady.id()),
                String.format("%,d", steady.checkpointedSize()),
                String.format("%,d", steady.stateSize()),
                String.format("%,d", first.checkpointedSize()),
                String.format("%,d", first.stateSize())))
        .verify();

    if (!steady.durable()) {
      throw new WrongRouteError(TEXTS.get("inJobManagerMemory"));
    }
  }

  /**
   * The learner's configuration; a key Flink 2.2 does not know is a wrong route, not a crash. The
   * check takes the checkpoints itself, at known points of the input: a checkpoint interval is set
   * long, so no periodic checkpoint (and no extra RocksDB flush) lands in between.
   */
  private static Configuration configuration() {
    try {
      Configuration config = AccountBalancesJob.configuration();
      config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
      return config;
    } catch (IllegalArgumentException notFlinkKeys) {
      throw new WrongRouteError(TEXTS.get("ignoredConfiguration", notFlinkKeys.getMessage()));
    }
  }
}
