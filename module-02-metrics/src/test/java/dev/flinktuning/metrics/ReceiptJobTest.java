package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.AllocationMeter;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.i18n.Texts;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 2 · Exercise 1b · fix the slow stage")
class ReceiptJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(ReceiptJobTest.class);

  private static final ShopEventGenerator INPUT = ShopEventGenerator.withSeed(21);
  private static final int EVENTS = 40_000;

  /** Purchases driven through the job's functions: half to warm up, half measured, all distinct. */
  private static final int MEASURED_PURCHASES = 5_000;

  /**
   * A receipt is about 80 characters: the string itself and the few objects that build it take a
   * few hundred bytes. 2 KB leaves room for a JSON library's own objects, but not for building a
   * JSON mapper, a regular expression or a formatter for every record.
   */
  private static final double BYTES_PER_RECEIPT_BUDGET = 2_048;

  @Test
  @DisplayName("writes the oracle's receipts")
  void writesTheOraclesReceipts() throws Exception {
    assertOutputMatchesOracle();
  }

  @GradedCheck
  @DisplayName("formats a receipt without building its tools for every record")
  void allocatesLittlePerReceipt() throws Exception {
    assertOutputMatchesOracle();

    List<ShopEvent> purchases =
        INPUT.generate(EVENTS * 8L).stream().filter(e -> e.type == EventType.PURCHASE).toList();
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    ReceiptJob.receipts(ShopEvents.stream(env, INPUT, 1)).sinkTo(new CollectingSink<>());
    JobFunctions functions = JobFunctions.of(env.getStreamGraph());
    int[] next = {0};
    double bytes =
        AllocationMeter.bytesPerCall(
            MEASURED_PURCHASES, i -> functions.apply(purchases.get(next[0]++)));

    Budget.of(TEXTS.get("receiptBytes.what"), TEXTS.get("unit.bytes"))
        .measured(Math.round(bytes))
        .atMost(BYTES_PER_RECEIPT_BUDGET)
        .typically(TEXTS.get("receiptBytes.starter"), TEXTS.get("receiptBytes.reference"))
        .readOn("module-02-metrics/README.md", "Exercise 1b: fix the slow stage")
        .verify();
  }

  private static void assertOutputMatchesOracle() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<String> sink = new CollectingSink<>();
    ReceiptJob.receipts(ShopEvents.stream(env, INPUT, EVENTS)).sinkTo(sink);
    CLUSTER.run(env);
    OutputCheck.assertSameRecords(
        TEXTS.get("jsonReceipts"), sink.results(), ReceiptOracle.expected(INPUT.generate(EVENTS)));
    sink.clear();
  }
}
