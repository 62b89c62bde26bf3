package dev.flinktuning.checkpoints;

import dev.flinktuning.support.config.FlinkConfigFile;
import dev.flinktuning.support.launcher.StarterLauncher;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Exercise 2: receipts for a slow printer.
 *
 * <p>It turns each order number into a receipt of about 150 characters, has it signed by its
 * store's subtask and sends it to a sink that takes about a millisecond per receipt: far slower
 * than the source. The network buffers between them fill up (backpressure), and an aligned
 * checkpoint's barrier has to wait behind every receipt in them: checkpoints take seconds, and fail
 * once they take longer than their timeout.
 *
 * <p><b>Your task:</b> edit {@code src/main/resources/receipts.yaml} (not this class) so that
 * checkpoints complete quickly even while the sink holds the job back. See the chapter README,
 * "Exercise 2".
 */
public final class ReceiptsJob {

  /** Stores: the receipts are keyed by store. */
  static final int STORES = 64;

  private ReceiptsJob() {}

  /** The job's configuration, from {@code src/main/resources/receipts.yaml}. */
  public static Configuration configuration() {
    return FlinkConfigFile.fromResource(ReceiptsJob.class, "receipts.yaml");
  }

  /** Order numbers {@code 0 .. count-1}, at the pace {@code rateLimit} allows. */
  public static DataStream<Long> orders(
      StreamExecutionEnvironment env, long count, RateLimiterStrategy<?> rateLimit) {
    DataGeneratorSource<Long> source =
        new DataGeneratorSource<>(index -> index, count, rateLimit, Types.LONG);
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Order numbers");
  }

  /**
   * The pipeline: order numbers in, one receipt per order out, signed by its store (the receipts
   * travel to the store's subtask).
   */
  public static DataStream<String> receipts(DataStream<Long> orders) {
    return orders
        .map(new Receipt())
        .name("Receipt")
        .keyBy(ReceiptsJob::storeOf)
        .map(ReceiptsJob::sign)
        .name("Signed by the store");
  }

  /** The store of a receipt, from its first line. */
  public static long storeOf(String receipt) {
    int store = receipt.indexOf(" store ") + " store ".length();
    return Long.parseLong(receipt.substring(store, receipt.indexOf('\n')));
  }

  /** A receipt with its store's signature. */
  public static String sign(String receipt) {
    return receipt + "signed by store " + storeOf(receipt) + "\n";
  }

  /** The receipt of an order: its number, its store and the printed lines. */
  public static String receiptOf(long order) {
    StringBuilder text = new StringBuilder(170);
    text.append("order ").append(order).append(" store ").append(order % STORES).append('\n');
    long line = order;
    while (text.length() < 150) {
      line = line * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
      text.append("item ").append(Long.toHexString(line)).append('\n');
    }
    return text.toString();
  }

  static final class Receipt implements MapFunction<Long, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String map(Long order) {
      return receiptOf(order);
    }
  }

  /** Stands for a slow sink: a millisecond per receipt; returns the receipt's first line. */
  static String printSlowly(String receipt) throws InterruptedException {
    Thread.sleep(1);
    return receipt.substring(0, receipt.indexOf('\n'));
  }

  /**
   * Runs the job for about a minute on a local cluster with the Web UI, into a printer that takes a
   * millisecond per receipt. Watch the Checkpoints tab: end-to-end duration, and in a checkpoint's
   * details the alignment time and "Persisted In-Flight Data".
   */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StarterLauncher.environment(2, configuration());
    DataStream<String> printed =
        receipts(orders(env, 60_000, RateLimiterStrategy.noOp()))
            .map(ReceiptsJob::printSlowly)
            .name("Slow printer");
    StarterLauncher.run(env, "Receipts", printed);
  }
}
