package dev.flinktuning.checkpoints;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The deposits exercise 1 reads: first one deposit into each of {@code accounts} accounts, in
 * order, then further deposits into accounts spread over all of them. Deposit {@code i} is always
 * the same, so a run can be compared with a plain-Java oracle. You do not need to change this
 * class.
 */
public final class Deposits implements GeneratorFunction<Long, Deposit> {

  private static final long serialVersionUID = 1L;

  /** A prime step, so later deposits visit the accounts in a scattered order. */
  private static final long STEP = 7_919;

  private final long accounts;

  public Deposits(long accounts) {
    this.accounts = accounts;
  }

  /** Deposit number {@code index}. */
  public Deposit deposit(long index) {
    long account = index < accounts ? index : (index * STEP) % accounts;
    long amount = 1 + Math.floorMod(index * 2_654_435_761L, 1_000L);
    return new Deposit(account, amount);
  }

  @Override
  public Deposit map(Long index) {
    return deposit(index);
  }

  /**
   * Deposits {@code 0 .. count-1} from one source subtask, at the pace {@code rateLimit} allows.
   */
  public static DataStream<Deposit> stream(
      StreamExecutionEnvironment env, long accounts, long count, RateLimiterStrategy<?> rateLimit) {
    DataGeneratorSource<Deposit> source =
        new DataGeneratorSource<>(
            new Deposits(accounts), count, rateLimit, TypeInformation.of(Deposit.class));
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Deposits").setParallelism(1);
  }
}
