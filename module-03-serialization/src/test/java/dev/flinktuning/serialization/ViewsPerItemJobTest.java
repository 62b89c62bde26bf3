package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.OutputCheck;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 3 · Exercise 2 · views per item, shipping fewer bytes")
class ViewsPerItemJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  private static final ShopEventGenerator GENERATOR = ShopEventGenerator.withSeed(32);
  private static final int EVENTS = 20_000;

  private static List<PageView> views;

  /** What the page views take as Flink writes them, whole: what the starter ships. */
  private static long pageViewBytes;

  @BeforeAll
  static void generate() throws Exception {
    views = GENERATOR.generate(EVENTS).stream().map(PageView::fromShopEvent).toList();
    TypeSerializer<PageView> serializer =
        TypeInformation.of(PageView.class)
            .createSerializer(new ExecutionConfig().getSerializerConfig());
    DataOutputSerializer out = new DataOutputSerializer(4 * 1024 * 1024);
    for (PageView view : views) {
      serializer.serialize(view, out);
    }
    pageViewBytes = out.length();
  }

  @Test
  @DisplayName("emits the same views per item as the oracle")
  void emitsTheOraclesViews() throws Exception {
    runAndCheckOutput();
  }

  @GradedCheck
  @DisplayName("only what the window needs crosses between tasks")
  void shipsOnlyWhatTheWindowNeeds() throws Exception {
    JobRun run = runAndCheckOutput();

    long sent = run.taskIo().bytesSentBetweenTasks();
    Budget.of(String.format("Bytes sent between tasks for %,d page views", EVENTS), "bytes")
        .measured(sent)
        .atMost(pageViewBytes / 4)
        .typically(
            String.format(
                "a little over %,d (every page view whole, %,d bytes each)",
                pageViewBytes, pageViewBytes / EVENTS),
            "about 640,000 (an item id and a time on page, 32 bytes a view)")
        .readOn("module-03-serialization/README.md", "Exercise 2: ship fewer bytes")
        .details(
            String.format(
                "  The budget is a quarter of the page views' own %,d bytes.%n%s%s",
                pageViewBytes, run.taskIo().describeBytesSent(), run.shape().describe()))
        .verify();
  }

  private static JobRun runAndCheckOutput() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<ItemViews> sink = new CollectingSink<>();
    ViewsPerItemJob.viewsPerItem(
            ViewsPerItemJob.pageViews(ShopEvents.stream(env, GENERATOR, EVENTS)))
        .sinkTo(sink);
    JobRun run = CLUSTER.run(env);
    try {
      OutputCheck.assertSameRecords(
          "views per item",
          sink.results(),
          Oracles.viewsPerItem(views, ViewsPerItemJob.WINDOW.toMillis()));
    } finally {
      sink.clear();
    }
    return run;
  }
}
