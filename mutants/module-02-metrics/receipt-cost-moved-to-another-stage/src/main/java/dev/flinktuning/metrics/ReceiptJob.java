package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes a JSON receipt for every purchase in the shop's event stream.
 *
 * <p>Exercise 1 of chapter 2. After the source the job has three stages, each its own task so the
 * Web UI shows each one: keep purchases, format the receipt, drop empty receipts. One of them is
 * slow for a classic reason. First find it from Flink's own numbers (with {@link BottleneckFinder}
 * against this job's Web UI), then fix it in {@link FormatReceipt}.
 *
 * <p>The learner edits {@link BottleneckFinder} (exercise 1a) and {@link FormatReceipt} (1b); this
 * class stays as it is.
 */
public final class ReceiptJob {

  /** Mutant: re-reads and re-writes each receipt with a new JSON mapper, per record. */
  static final class CanonicalJson
      implements org.apache.flink.api.common.functions.MapFunction<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String map(String receipt) throws Exception {
      com.fasterxml.jackson.databind.ObjectMapper mapper =
          new com.fasterxml.jackson.databind.ObjectMapper();
      return mapper.writeValueAsString(mapper.readTree(receipt));
    }
  }

  private ReceiptJob() {}

  /** One receipt line per purchase in {@code events}, in JSON. */
  public static DataStream<String> receipts(DataStream<ShopEvent> events) {
    return events
        .filter(event -> event.type == EventType.PURCHASE)
        .name("Purchases only")
        .disableChaining()
        .map(new FormatReceipt())
        .name("Format receipt")
        .disableChaining()
        .map(new CanonicalJson())
        .name("Canonical JSON")
        .disableChaining()
        .filter(receipt -> !receipt.isEmpty())
        .name("Drop empty receipts")
        .disableChaining();
  }

  /** Runs the job on the Web UI for about a minute; see the README's "Exercise 1". */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StarterLauncher.environment(2);
    ShopEventGenerator generator = ShopEventGenerator.withSeed(2);
    DataStream<String> receipts =
        receipts(ShopEvents.throttledStream(env, generator, 3_000_000, 50_000));
    System.out.println(
        "Find the slow stage while it runs: in another terminal,\n"
            + "  ./mvnw -q -pl module-02-metrics -am compile exec:exec -Dstarter=BottleneckFinder"
            + " -Dcourse.args=<the Web UI address below>");
    StarterLauncher.run(env, "Chapter 2 - receipts", receipts);
  }
}
