package dev.flinktuning.checkpoints;

import dev.flinktuning.support.config.FlinkConfigFile;
import dev.flinktuning.support.launcher.StarterLauncher;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 1: the running balance of every account.
 *
 * <p>For each deposit it emits the account's new balance, kept in keyed state on RocksDB. The state
 * is large (one entry per account, hundreds of thousands of accounts) and changes slowly: between
 * two checkpoints only a few accounts get a deposit. Yet every checkpoint copies all of it, and
 * copies it into the JobManager's memory, which refuses state above a few megabytes.
 *
 * <p><b>Your task:</b> edit {@code src/main/resources/balances.yaml} (not this class) so each
 * checkpoint writes only what changed, to a place that survives the JobManager. See the chapter
 * README, "Exercise 1".
 */
public final class AccountBalancesJob {

  /** Accounts in the demo run of {@link #main}. */
  static final long DEMO_ACCOUNTS = 150_000;

  private AccountBalancesJob() {}

  /** The job's configuration, from {@code src/main/resources/balances.yaml}. */
  public static Configuration configuration() {
    return FlinkConfigFile.fromResource(AccountBalancesJob.class, "balances.yaml");
  }

  /** The pipeline: deposits in, one {@link Balance} per deposit out. */
  public static DataStream<Balance> balances(DataStream<Deposit> deposits) {
    return deposits
        .keyBy(deposit -> deposit.account)
        .process(new RunningBalance())
        .name("Running balance");
  }

  /** Adds each deposit to its account's balance, kept in Flink's keyed state. */
  static final class RunningBalance extends KeyedProcessFunction<Long, Deposit, Balance> {

    private transient ValueState<Long> balance;

    @Override
    public void open(OpenContext context) {
      balance = getRuntimeContext().getState(new ValueStateDescriptor<>("balance", Types.LONG));
    }

    @Override
    public void processElement(Deposit deposit, Context context, Collector<Balance> out)
        throws Exception {
      Long before = balance.value();
      long after = (before == null ? 0 : before) + deposit.amount;
      balance.update(after);
      out.collect(new Balance(deposit.account, after));
    }
  }

  /**
   * Runs the job for about a minute on a local cluster with the Web UI: every account gets a
   * deposit, then a trickle of deposits follows while checkpoints are taken. Watch the Checkpoints
   * tab: "Checkpointed Data Size" against "Full Checkpoint Data Size".
   */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StarterLauncher.environment(2, configuration());
    DataStream<Deposit> deposits =
        Deposits.stream(
            env, DEMO_ACCOUNTS, DEMO_ACCOUNTS + 100_000, RateLimiterStrategy.perSecond(5_000));
    StarterLauncher.run(env, "Account balances", balances(deposits));
  }
}
