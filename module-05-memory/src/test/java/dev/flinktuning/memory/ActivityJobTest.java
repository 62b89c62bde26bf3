package dev.flinktuning.memory;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.grading.AllocationMeter;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 5 · Exercise 2 · an allocation diet")
class ActivityJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(ActivityJobTest.class);

  private static final int JOB_EVENTS = 20_000;

  /** Calls measured; as many again warm the function up first, on other lines. */
  private static final int METERED_CALLS = 40_000;

  private static List<String> jobLines;
  private static List<Activity> expectedActivities;
  private static List<String> meterLines;

  @BeforeAll
  static void generate() {
    jobLines = ActivityJob.lines(ShopEventGenerator.withSeed(51), JOB_EVENTS);
    expectedActivities = new ArrayList<>();
    Activity previous = null;
    for (String line : jobLines) {
      Activity activity = oracle(line);
      if (!activity.equals(previous)) {
        expectedActivities.add(activity);
      }
      previous = activity;
    }
    meterLines = new ArrayList<>(2 * METERED_CALLS);
    // Distinct lines: each call parses a line it has never seen.
    for (ShopEvent event : ShopEventGenerator.withSeed(52).generate(2L * METERED_CALLS)) {
      meterLines.add(event.toCsv());
    }
  }

  @Test
  @DisplayName("emits the oracle's activities, retries dropped")
  void emitsTheOraclesActivities() throws Exception {
    runAndCheckOutput();
  }

  @GradedCheck
  @DisplayName("parsing a line allocates at least 5 times fewer bytes than the starter")
  void parsingAllocatesLittle() throws Exception {
    runAndCheckOutput();

    // The function itself must turn every line into the right activity: the check measures it.
    ParseActivity parser = new ParseActivity();
    for (String line : meterLines.subList(0, 2_000)) {
      Activity parsed = parser.map(line);
      Activity expected = oracle(line);
      if (!expected.equals(parsed)) {
        throw new WrongRouteError(
            TEXTS.get(
                "notTheParser",
                line,
                parsed,
                expected,
                ReadOn.pointer("module-05-memory/README.md", "Exercise 2")));
      }
    }

    double starter = bytesPerLine(new StarterParseActivity());
    double learner = bytesPerLine(new ParseActivity());
    Budget.of(TEXTS.get("parse.what"), TEXTS.get("unit.bytes"))
        .measured(Math.round(learner))
        .atMost(Math.floor(starter / 5))
        .typically(
            TEXTS.get("parse.starter", String.format(Locale.ROOT, "%,.0f", starter)),
            TEXTS.get("parse.reference"))
        .readOn("module-05-memory/README.md", "Exercise 2: an allocation diet")
        .details(
            TEXTS.get(
                "parse.details",
                String.format(Locale.ROOT, "%,d", METERED_CALLS),
                String.format(Locale.ROOT, "%,d", METERED_CALLS)))
        .verify();
  }

  /** Mean bytes one parser allocates per line, each line new to it. */
  private static double bytesPerLine(MapFunction<String, Activity> parser) throws Exception {
    int[] next = {0};
    long[] blackhole = {0};
    double bytes =
        AllocationMeter.bytesPerCall(
            METERED_CALLS,
            i -> {
              Activity activity = parser.map(meterLines.get(next[0]++));
              blackhole[0] += activity.userId + activity.day.length();
            });
    if (blackhole[0] == 42) {
      System.out.print(""); // keeps the results alive for the JIT
    }
    return bytes;
  }

  private static void runAndCheckOutput() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2, ActivityJob.jobConfiguration());
    CollectingSink<Activity> sink = new CollectingSink<>();
    ActivityJob.activities(env.fromData(jobLines)).sinkTo(sink);
    CLUSTER.run(env);
    try {
      OutputCheck.assertSameRecords(TEXTS.get("activities"), sink.results(), expectedActivities);
    } finally {
      sink.clear();
    }
  }

  /** What a line must become, straight from the course's own CSV reader. */
  static Activity oracle(String line) {
    ShopEvent event = ShopEvent.fromCsv(line);
    return new Activity(
        event.userId,
        event.itemId,
        event.category,
        event.type,
        event.priceCents,
        Instant.ofEpochMilli(event.timestamp).atOffset(ZoneOffset.UTC).toLocalDate().toString());
  }
}
