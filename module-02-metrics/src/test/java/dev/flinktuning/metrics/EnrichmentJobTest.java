package dev.flinktuning.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
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
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import dev.flinktuning.support.services.ItemLookupService;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 2 · Exercise 3 · Async I/O")
class EnrichmentJobTest {

  private static final int PARALLELISM = 2;

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(PARALLELISM);

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(EnrichmentJobTest.class);

  private static final ShopEventGenerator INPUT = ShopEventGenerator.withSeed(31);

  /** About 300 purchases. */
  private static final int EVENTS = 6_000;

  /** Each lookup takes 20 ms; one order in 10 is refused once, one in 97 always. */
  private static final Duration LATENCY = Duration.ofMillis(20);

  /**
   * A blocking lookup keeps one request in flight per subtask: 2 at parallelism 2. An asynchronous
   * one keeps up to its capacity in flight per subtask; 10 in all is a modest capacity of 5.
   */
  private static final int IN_FLIGHT_BUDGET = 10;

  /**
   * More than one lookup in flight must at least halve the time the service is kept busy; the
   * reference is about 5 times faster than blocking lookups.
   */
  private static final double SPEEDUP_BUDGET = 2.0;

  private static ItemLookupService service;

  @BeforeAll
  static void startService() {
    service = ItemLookupService.start(LATENCY, 10, 97);
    firstRun = null; // a class run in the same JVM again (the repeat loops) runs the job again
  }

  @AfterAll
  static void stopService() {
    service.close();
  }

  @Test
  @DisplayName("emits the oracle's lines, and the purchases whose lookup kept failing on the side")
  void emitsTheOraclesLinesAndFailedLookups() throws Exception {
    LearnersRun run = learnersFirstRun();
    run.assertOutputIsTheOracles();
    int purchases = EnrichmentOracle.purchases(INPUT.generate(EVENTS)).size();
    assertThat(run.requests()).isGreaterThanOrEqualTo(purchases);
  }

  @Test
  @DisplayName("a service that does not answer fails the job with a message naming it")
  void aServiceThatIsDownFailsTheJob() throws Exception {
    String downUrl;
    try (ItemLookupService down = ItemLookupService.start(LATENCY, 10, 97)) {
      downUrl = down.url();
    }
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    EnrichmentJob.enrich(purchases(env, 200), downUrl).sinkTo(new CollectingSink<>());
    assertThatThrownBy(() -> CLUSTER.run(env))
        .satisfies(
            failure -> assertThat(messagesOf(failure)).contains("item service").contains(downUrl));
  }

  @GradedCheck(timed = true)
  @DisplayName("keeps many lookups in flight at the service, and is faster for it")
  void keepsManyLookupsInFlight() throws Exception {
    assertNoStageAboveTheJobsParallelism();
    LearnersRun first = learnersFirstRun();
    first.assertOutputIsTheOracles();

    Budget.of(TEXTS.get("inFlight.what"), TEXTS.get("unit.requests"))
        .measured(first.maxInFlight())
        .atLeast(IN_FLIGHT_BUDGET)
        .typically(TEXTS.get("inFlight.starter"), TEXTS.get("inFlight.reference"))
        .readOn("module-02-metrics/README.md", "Exercise 3: Async I/O")
        .verify();

    // The blocking baseline is slow by design and measured once; the learner's job gets its best
    // of two runs (the one above and one more), so a pause of the busy machine in one run does not
    // decide the verdict.
    Duration blocking = blockingBaselineRun().busySpan();
    Duration learners = min(first.busySpan(), run(false).busySpan());
    double speedup = blocking.toNanos() / (double) Math.max(1, learners.toNanos());
    Budget.of(TEXTS.get("speedup.what"), "×")
        .measured(Math.round(speedup * 10) / 10.0)
        .atLeast(SPEEDUP_BUDGET)
        .typically(TEXTS.get("speedup.starter"), TEXTS.get("speedup.reference"))
        .readOn("module-02-metrics/README.md", "Exercise 3: Async I/O")
        .details(TEXTS.get("speedup.details", blocking.toMillis(), learners.toMillis()))
        .verify();
  }

  /**
   * Before running: a lookup stage at a higher parallelism than the job's gets more requests in
   * flight with more threads, each still waiting for its answer. (It would also not fit the check's
   * cluster.)
   */
  private static void assertNoStageAboveTheJobsParallelism() {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    EnrichmentJob.enrich(heldPurchases(env), service.url()).sinkTo(new CollectingSink<>());
    JobShape shape = JobShape.of(env.getStreamGraph().getJobGraph());
    for (JobShape.Vertex vertex : shape.vertices()) {
      if (vertex.parallelism() > PARALLELISM) {
        throw new WrongRouteError(
            TEXTS.get(
                "moreThreads",
                vertex.name(),
                vertex.parallelism(),
                PARALLELISM,
                ReadOn.pointer("module-02-metrics/README.md", "Exercise 3: Async I/O")));
      }
    }
  }

  /** Every message in a failure's chain of causes, one per line. */
  private static String messagesOf(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      messages.append(t).append('\n');
    }
    return messages.toString();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** One run of a job against the item service: what came out, and what the service saw. */
  private record LearnersRun(
      List<String> lines,
      List<ShopEvent> failed,
      long requests,
      int maxInFlight,
      Duration busySpan) {

    void assertOutputIsTheOracles() {
      List<ShopEvent> input = INPUT.generate(EVENTS);
      OutputCheck.assertSameRecords(
          TEXTS.get("withSupplier"), lines, EnrichmentOracle.lines(input, service));
      OutputCheck.assertSameRecords(
          TEXTS.get("lookupKeptFailing"), failed, EnrichmentOracle.failed(input, service));
    }
  }

  /**
   * The learner's job, run once for the whole class: the output test and the graded check judge the
   * same run, so the run that is measured is the run whose output was checked.
   */
  private static LearnersRun firstRun;

  private static LearnersRun learnersFirstRun() throws Exception {
    if (firstRun == null) {
      firstRun = run(false);
    }
    return firstRun;
  }

  /**
   * The blocking baseline, run until it has emitted every purchase: a run that ended early (a job
   * that failed on an overloaded machine) would make the baseline look fast. Up to 3 tries.
   */
  private static LearnersRun blockingBaselineRun() throws Exception {
    long expected = EnrichmentOracle.purchases(INPUT.generate(EVENTS)).size();
    LearnersRun run = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      run = run(true);
      if (run.lines().size() + run.failed().size() >= expected) {
        return run;
      }
    }
    throw new IllegalStateException(
        TEXTS.get("baseline.incomplete", run.lines().size() + run.failed().size(), expected));
  }

  /** Runs the learner's job (or the blocking baseline) once, until every purchase is out. */
  private static LearnersRun run(boolean blockingBaseline) throws Exception {
    service.reset();
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM);
    DataStream<ShopEvent> purchases = heldPurchases(env);
    SingleOutputStreamOperator<String> enriched =
        blockingBaseline
            ? purchases.process(new BlockingBaseline(service.url())).name("Blocking baseline")
            : EnrichmentJob.enrich(purchases, service.url());
    CollectingSink<String> lines = new CollectingSink<>();
    CollectingSink<ShopEvent> failed = new CollectingSink<>();
    enriched.sinkTo(lines);
    enriched.getSideOutput(EnrichmentJob.FAILED_LOOKUPS).sinkTo(failed);
    runUntilAllOut(env, lines, failed);
    LearnersRun run =
        new LearnersRun(
            List.copyOf(lines.results()),
            List.copyOf(failed.results()),
            service.requests(),
            service.maxInFlight(),
            service.busySpan());
    lines.clear();
    failed.clear();
    return run;
  }

  /**
   * Runs the job with its source held open after the input, until every purchase has come out (or,
   * once some have, nothing more came out for 10 s), then cancels it. Held open, because Flink's
   * async operator stops retrying once its input has ended: on a bounded input, the last lookups in
   * flight would get no retry (see the README). The 10 s start counting at the first record out: on
   * a busy machine, deploying the job alone can take longer. A job that failed ends the wait.
   */
  private static void runUntilAllOut(
      StreamExecutionEnvironment env,
      CollectingSink<String> lines,
      CollectingSink<ShopEvent> failed)
      throws Exception {
    long expected = EnrichmentOracle.purchases(INPUT.generate(EVENTS)).size();
    try (JobRun run = CLUSTER.start(env)) {
      long out = 0;
      long lastChange = System.nanoTime();
      while (out < expected) {
        long quietFor = System.nanoTime() - lastChange;
        if (out > 0 ? quietFor > QUIET_NANOS : quietFor > FIRST_RECORD_NANOS) {
          break;
        }
        if (quietFor > CHECK_STATUS_NANOS
            && run.client().getJobStatus().get().isGloballyTerminalState()) {
          break; // it failed: the output check says what is missing
        }
        Thread.sleep(20);
        long now = lines.results().size() + failed.results().size();
        if (now != out) {
          out = now;
          lastChange = System.nanoTime();
        }
      }
      Thread.sleep(100); // anything more (a duplicate) would show in the output check
    }
  }

  private static final long QUIET_NANOS = Duration.ofSeconds(10).toNanos();

  private static final long FIRST_RECORD_NANOS = Duration.ofMinutes(2).toNanos();

  private static final long CHECK_STATUS_NANOS = Duration.ofSeconds(1).toNanos();

  private static DataStream<ShopEvent> heldPurchases(StreamExecutionEnvironment env) {
    return ShopEvents.streamThenHold(env, INPUT, EVENTS)
        .filter(event -> event.type == EventType.PURCHASE)
        .name("Purchases only");
  }

  private static DataStream<ShopEvent> purchases(StreamExecutionEnvironment env, int events) {
    return ShopEvents.stream(env, INPUT, events)
        .filter(event -> event.type == EventType.PURCHASE)
        .name("Purchases only");
  }
}
