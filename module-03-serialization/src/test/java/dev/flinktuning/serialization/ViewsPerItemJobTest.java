package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.JobShape;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.RestoreCheck;
import dev.flinktuning.support.grading.TaskIo;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
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

  private static final int PARALLELISM = 2;

  private static final String README = "module-03-serialization/README.md";
  private static final String SECTION = "Exercise 2: ship fewer bytes";

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(ViewsPerItemJobTest.class);

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
    assertTheWindowGetsEveryView(run);
    RestoreCheck.of(
            CLUSTER,
            ViewsPerItemJob.class,
            events -> ViewsPerItemJob.viewsPerItem(ViewsPerItemJob.pageViews(events)))
        .parallelism(PARALLELISM)
        .input(GENERATOR, EVENTS)
        .assertSameRecords(TEXTS.get("viewsPerItem"), expectedViews(), README, SECTION);

    long sent = run.taskIo().bytesSentBetweenTasks();
    Budget.of(TEXTS.get("bytesSent.what", count(EVENTS)), TEXTS.get("unit.bytes"))
        .measured(sent)
        .atMost(pageViewBytes / 4)
        .typically(
            TEXTS.get("bytesSent.starter", count(pageViewBytes), count(pageViewBytes / EVENTS)),
            TEXTS.get("bytesSent.reference"))
        .readOn(README, SECTION)
        .details(
            TEXTS.get(
                "bytesSent.details",
                count(pageViewBytes),
                run.taskIo().describeBytesSent(),
                run.shape().describe()))
        .verify();
  }

  private static JobRun runAndCheckOutput() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    CollectingSink<ItemViews> sink =
        CollectingSink.collect(
            ViewsPerItemJob.viewsPerItem(
                ViewsPerItemJob.pageViews(ShopEvents.stream(env, GENERATOR, EVENTS))));
    JobRun run = CLUSTER.run(env);
    try {
      OutputCheck.assertSameRecords(TEXTS.get("viewsPerItem"), sink.results(), expectedViews());
    } finally {
      sink.clear();
    }
    return run;
  }

  private static String count(long n) {
    return String.format("%,d", n);
  }

  private static List<ItemViews> expectedViews() {
    return Oracles.viewsPerItem(views, ViewsPerItemJob.WINDOW.toMillis());
  }

  /**
   * The lesson's shuffle is the keyBy before the window: its task must run at the job's parallelism
   * and receive every view, so that what crosses to it is what the window needs, and nothing is
   * counted elsewhere.
   */
  private static void assertTheWindowGetsEveryView(JobRun run) {
    TaskIo io = run.taskIo();
    List<JobShape.Vertex> keyed =
        run.shape().edges().stream()
            .filter(edge -> edge.shipStrategy().equalsIgnoreCase("HASH"))
            .map(JobShape.Edge::to)
            .distinct()
            .toList();
    String problem = null;
    if (keyed.isEmpty()) {
      problem = TEXTS.get("window.noKeyBy");
    } else {
      for (JobShape.Vertex window : keyed) {
        if (window.parallelism() != PARALLELISM) {
          problem =
              TEXTS.get("window.parallelism", window.name(), window.parallelism(), PARALLELISM);
        } else if (io.recordsIn(window) != EVENTS) {
          problem =
              TEXTS.get(
                  "window.records", window.name(), count(io.recordsIn(window)), count(EVENTS));
        }
      }
    }
    if (problem != null) {
      throw new WrongRouteError(
          TEXTS.get(
              "window.misplaced",
              problem,
              run.shape().describe(),
              ReadOn.pointer(README, SECTION)));
    }
  }
}
