package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.KryoFallbacks;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateLatencyTrackOptions;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graded checks for four of the starter's problems that the speed-up alone does not single out: the
 * window that keeps every event (Problem 1), each event folded into twelve windows (Problem 1 too),
 * Kryo on the wire (Problem 3) and the full sort (Problem 4). Each one measures a count that does
 * not depend on the machine's speed, on a small shop: 20 users, the checks' 200 items, 3,000 events
 * within 90 seconds of event time.
 */
@DisplayName("Chapter 7 · the window, the types and the ranking, one problem at a time")
class StarterProblemsTest {

  private static final Texts TEXTS = Texts.of(StarterProblemsTest.class);

  private static final String README = CaseStudyCheck.README;

  @RegisterExtension
  static final GradingCluster CLUSTER = GradingCluster.withSlots(CaseStudyRunner.PARALLELISM);

  /**
   * The small shop: the checks' catalog (seed and items), 20 users, 3,000 events 30 ms apart. All
   * 90 seconds of it fall inside the same twelve sliding windows, so a window only closes at the
   * end of the input.
   */
  static final Scenario SMALL_SHOP =
      new Scenario(
          Scenario.forChecks().seed(),
          20,
          Scenario.forChecks().items(),
          3_000,
          30,
          Scenario.forChecks().catalogLatency());

  /** The same users, windows and span of event time, with a third of the events. */
  static final Scenario FEWER_EVENTS = SMALL_SHOP.withEvents(1_000);

  private static CaseStudyServices services;
  private static BehaviorTopic smallShop;
  private static BehaviorTopic fewerEvents;

  /** Your job's run over the small shop, shared by the checks that need it. */
  private static CaseStudyCheck.Outcome yours;

  private static long yourComparisons;

  @BeforeAll
  static void startServices() {
    services = CaseStudyServices.start(Scenario.forChecks());
    smallShop = services.otherTopic("small-shop", CaseStudyServices.PARTITIONS, 2, SMALL_SHOP);
    smallShop.produceAll();
    fewerEvents =
        services.otherTopic("small-shop-fewer", CaseStudyServices.PARTITIONS, 2, FEWER_EVENTS);
    fewerEvents.produceAll();
    yours = null;
    OPEN_WINDOWS.clear();
  }

  @AfterAll
  static void stopServices() {
    if (services != null) {
      services.close();
    }
  }

  /**
   * Runs your job over the whole small shop once, counting the comparisons {@link Scoring} makes,
   * and compares its recommendations with the oracle's.
   */
  private static CaseStudyCheck.Outcome yourRun() throws Exception {
    if (yours == null) {
      Scoring.resetComparisons();
      yours =
          CaseStudyCheck.run(
              CLUSTER, services, CaseStudyCheck.YOURS, smallShop, CaseStudyRunner.PARALLELISM);
      yourComparisons = Scoring.comparisons();
    }
    OutputCheck.assertSameRecords(
        TEXTS.get("smallShop.recommendations"),
        yours.recommendations(),
        RecommendationOracle.expected(SMALL_SHOP));
    return yours;
  }

  private static final String WINDOW_SECTION =
      "Problem 1: the window keeps every event (chapter 1)";

  /**
   * How much the state of the open windows may grow when the same windows get 2,000 more events:
   * one byte per extra event. A window that keeps a summary holds the same numbers however many
   * events it has seen; one that keeps the events grows by their size, in every window they fall
   * in.
   */
  private static final long GROWTH_BUDGET_PER_EVENT = 1;

  @GradedCheck
  @DisplayName("a window keeps a summary of its events, not the events: its state does not grow")
  void windowStateDoesNotGrowWithEvents() throws Exception {
    yourRun();
    OpenWindows fewerRun = openWindows(fewerEvents);
    OpenWindows moreRun = openWindows(smallShop);
    long extraEvents = SMALL_SHOP.events() - FEWER_EVENTS.events();
    assertEventsReachFlinkState(fewerRun, moreRun, extraEvents, WINDOW_SECTION);
    long fewer = fewerRun.stateBytes();
    long more = moreRun.stateBytes();
    Budget.of(
            TEXTS.get("windowState.what", count(FEWER_EVENTS.events()), count(SMALL_SHOP.events())),
            TEXTS.get("unit.bytes"))
        .measured(more - fewer)
        .atMost(extraEvents * GROWTH_BUDGET_PER_EVENT)
        .typically(TEXTS.get("windowState.starter"), TEXTS.get("windowState.reference"))
        .readOn(README, WINDOW_SECTION)
        .details(
            TEXTS.get(
                "windowState.details",
                count(FEWER_EVENTS.events()),
                count(fewer),
                count(SMALL_SHOP.events()),
                count(more)))
        .verify();
  }

  private static final String PANES_SECTION = "Each event folded once: 5-minute panes";

  /**
   * How many times an extra event may be written into keyed state: twice. Folded into its 5-minute
   * pane, an event is written once; a 1-hour window sliding by 5 minutes writes it into each of the
   * twelve windows it falls in, whether the window keeps the events or a summary.
   */
  private static final long WRITES_BUDGET_PER_EVENT = 2;

  @GradedCheck
  @DisplayName("each event is written into state once, not once for each of its twelve windows")
  void eachEventFoldedOnce() throws Exception {
    yourRun();
    OpenWindows fewer = openWindows(fewerEvents);
    OpenWindows more = openWindows(smallShop);
    long extraEvents = SMALL_SHOP.events() - FEWER_EVENTS.events();
    assertEventsReachFlinkState(fewer, more, extraEvents, PANES_SECTION);
    long extraWrites = more.stateWrites() - fewer.stateWrites();
    Budget.of(TEXTS.get("stateWrites.what"), TEXTS.get("unit.writes"))
        .measured((double) extraWrites / extraEvents)
        .atMost(WRITES_BUDGET_PER_EVENT)
        .typically(TEXTS.get("stateWrites.starter"), TEXTS.get("stateWrites.reference"))
        .readOn(README, PANES_SECTION)
        .details(
            TEXTS.get(
                "stateWrites.details",
                count(FEWER_EVENTS.events()),
                count(fewer.stateWrites()),
                count(SMALL_SHOP.events()),
                count(more.stateWrites())))
        .verify();
  }

  /**
   * The defence of both window checks: 2,000 more events must bring more writes into Flink's keyed
   * state, at least one for every ten of them. A job that keeps its windows or panes in a field of
   * its operator writes none (its state neither grows nor gets written), and loses them all in a
   * failure.
   */
  private static void assertEventsReachFlinkState(
      OpenWindows fewer, OpenWindows more, long extraEvents, String section) {
    long extraWrites = more.stateWrites() - fewer.stateWrites();
    if (extraWrites * 10 < extraEvents) {
      throw new WrongRouteError(
          TEXTS.get(
              "stateWrites.outsideFlinkState",
              count(extraEvents),
              count(extraWrites),
              ReadOn.pointer(README, section)));
    }
  }

  /**
   * The open windows after one run: the bytes of the state after the sources, in a full checkpoint,
   * and the writes into keyed state (adds, updates, puts) counted by Flink's state metrics.
   */
  record OpenWindows(long stateBytes, long stateWrites) {}

  /** Flink's names for the keyed-state accesses that write: adds, updates and puts. */
  private static final String STATE_WRITES =
      ".*\\.(aggregatingStateAdd|reducingStateAdd|listStateAdd|listStateAddAll|listStateUpdate"
          + "|mapStatePut|mapStatePutAll|valueStateUpdate)Latency";

  /** Flink's state metrics time one access in this many; see {@link #openWindows}. */
  private static final int SAMPLE_INTERVAL = 2;

  /** The runs of {@link #openWindows}, by topic: both window checks measure the same two runs. */
  private static final Map<String, OpenWindows> OPEN_WINDOWS = new HashMap<>();

  /**
   * Runs your job over the topic without an end, so no window closes, and without its periodic
   * checkpoints; once its sources have read every line, takes a full checkpoint and returns the
   * state of everything after the sources, and the writes into keyed state. Flink's state metrics
   * ({@code state.latency-track.*}) time every second access of each kind to each state, so twice
   * the count of each histogram is the count of those accesses, give or take one. (Flink 2.2 reads
   * a sample interval of 1 as "time none".)
   */
  private static OpenWindows openWindows(BehaviorTopic topic) throws Exception {
    OpenWindows known = OPEN_WINDOWS.get(topic.name());
    if (known != null) {
      return known;
    }
    services.resetCounters();
    Configuration config = new Configuration(CaseStudyCheck.YOURS.configuration());
    config.set(StateLatencyTrackOptions.LATENCY_TRACK_ENABLED, true);
    config.set(StateLatencyTrackOptions.LATENCY_TRACK_SAMPLE_INTERVAL, SAMPLE_INTERVAL);
    StreamExecutionEnvironment env = CLUSTER.environment(CaseStudyRunner.PARALLELISM, config);
    CaseStudyCheck.YOURS.builder().build(env, services.liveEndpoints(topic));
    // The check's own checkpoint only: one of the job's periodic checkpoints while the sources
    // read would leave RocksDB a file of values overwritten since, in one run and not the other,
    // and the growth measured would depend on the machine's speed.
    env.getCheckpointConfig().disableCheckpointing();
    long lines = topic.endOffsets().values().stream().mapToLong(n -> n).sum();
    OpenWindows measured;
    try (JobRun run = CLUSTER.start(env)) {
      CaseStudyCheck.awaitSourcesRead(run, lines);
      long stateBytes = run.checkpointNow().stateSizeAfterSources(run.shape());
      long stateWrites = 0;
      for (Metric metric : run.metrics(STATE_WRITES).values()) {
        stateWrites += SAMPLE_INTERVAL * ((Histogram) metric).getCount();
      }
      measured = new OpenWindows(stateBytes, stateWrites);
    }
    OPEN_WINDOWS.put(topic.name(), measured);
    return measured;
  }

  private static final String KRYO_SECTION = "Problem 3: Kryo on the wire (chapter 3)";

  /** How many of the small shop's events go through each serializer in the round trip. */
  private static final int SAMPLES = 50;

  @GradedCheck
  @DisplayName("no record crosses the network through Kryo, and each one arrives whole")
  void noKryoOnTheWire() throws Exception {
    StreamExecutionEnvironment env =
        CLUSTER.environment(CaseStudyRunner.PARALLELISM, CaseStudyCheck.YOURS.configuration());
    CaseStudyCheck.YOURS.builder().build(env, services.endpoints(smallShop));
    List<KryoFallbacks.Fallback> fallbacks = KryoFallbacks.in(env);
    List<KryoFallbacks.KryoSerializerFound> serializers = KryoFallbacks.kryoSerializersIn(env);
    List<String> changed =
        KryoFallbacks.changedByARoundTrip(
            env, new ArrayList<>(SMALL_SHOP.generator().generate(SAMPLES)));

    Set<String> kryoTypes = new LinkedHashSet<>();
    StringBuilder details = new StringBuilder(KryoFallbacks.describe(fallbacks));
    fallbacks.forEach(fallback -> kryoTypes.add(fallback.type().getName()));
    for (KryoFallbacks.KryoSerializerFound found : serializers) {
      if (kryoTypes.add(found.type().getName())) {
        details.append(TEXTS.get("kryo.serializer", found.where())).append(System.lineSeparator());
      }
    }
    if (kryoTypes.isEmpty()) {
      yourRun();
    }
    Budget.of(TEXTS.get("kryo.what"), TEXTS.get("unit.types"))
        .measured(kryoTypes.size())
        .atMost(0)
        .typically(TEXTS.get("kryo.starter"), TEXTS.get("kryo.reference"))
        .readOn(README, KRYO_SECTION)
        .details(details.toString())
        .verify();
    if (!changed.isEmpty()) {
      throw new WrongRouteError(
          TEXTS.get(
              "kryo.fieldLost",
              String.join(System.lineSeparator() + "    ", changed),
              ReadOn.pointer(README, KRYO_SECTION)));
    }
  }

  private static final String RANKING_SECTION = "Problem 4: sorting the whole catalog to keep ten";

  @GradedCheck
  @DisplayName("a recommendation ranks the items with fewer comparisons than any full sort needs")
  void rankingWithoutAFullSort() throws Exception {
    CaseStudyCheck.Outcome run = yourRun();
    int items = SMALL_SHOP.items();
    long recommendations = run.recommendations().size();
    double perRecommendation = (double) yourComparisons / recommendations;
    if (perRecommendation < items - 1) {
      // Finding even the best of n items takes n - 1 comparisons: fewer means that the ranking
      // compares items some other way than Scoring.compare / Scoring.ranksBefore.
      throw new WrongRouteError(
          TEXTS.get(
              "ranking.notCounted",
              String.format(Locale.ROOT, "%.1f", perRecommendation),
              count(items),
              count(items - 1),
              ReadOn.pointer(README, RANKING_SECTION)));
    }
    double fullSortMinimum = log2Factorial(items);
    Budget.of(TEXTS.get("ranking.what", count(items)), TEXTS.get("unit.comparisons"))
        .measured(Math.round(perRecommendation))
        .atMost(Math.round(Math.floor(fullSortMinimum)))
        .typically(TEXTS.get("ranking.starter"), TEXTS.get("ranking.reference"))
        .readOn(README, RANKING_SECTION)
        .details(
            TEXTS.get(
                "ranking.details",
                count(yourComparisons),
                count(recommendations),
                count(items),
                count(Math.round(Math.floor(fullSortMinimum)))))
        .verify();
  }

  /**
   * log2(n!): no comparison sort of n items can do with fewer comparisons, on average over the
   * orders its input may come in, since it must tell n! orders apart with yes-or-no answers.
   */
  static double log2Factorial(int n) {
    double sum = 0;
    for (int i = 2; i <= n; i++) {
      sum += Math.log(i) / Math.log(2);
    }
    return sum;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
