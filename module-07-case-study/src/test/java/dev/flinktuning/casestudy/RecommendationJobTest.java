package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.RelativeTimer;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graded checks for {@link RecommendationJob}, on a real Kafka broker, a real Redis and the item
 * catalog over HTTP. Each check first compares the recommendations in Redis with {@link
 * RecommendationOracle}'s, then measures one thing.
 */
@DisplayName("Chapter 7 · the recommendation job on Kafka, Redis and the catalog")
class RecommendationJobTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(RecommendationJobTest.class);

  private static final String README = CaseStudyCheck.README;

  @RegisterExtension
  static final GradingCluster CLUSTER = GradingCluster.withSlots(CaseStudyRunner.PARALLELISM);

  private static final Scenario SCENARIO = Scenario.forChecks();
  private static CaseStudyServices services;
  private static List<String> expected;
  private static CaseStudyCheck.Outcome yours;
  private static List<String> yourDeadLetters;

  @BeforeAll
  static void startServices() {
    services = CaseStudyServices.start(SCENARIO);
    // A new broker has an empty topic: a run kept from an earlier class run in this JVM (the
    // repeat loop runs the class again and again) would let the next check read a topic that is
    // never written, and wait for it for ever.
    yours = null;
    expected = null;
    yourDeadLetters = null;
  }

  @AfterAll
  static void stopServices() {
    if (services != null) {
      services.close();
    }
  }

  /** Your job's run, shared by the checks that measure it: it runs once per test class. */
  private static CaseStudyCheck.Outcome yourRun() throws Exception {
    if (yours == null) {
      // The events are written when a check first needs them: a run of the partitions check
      // alone (as the integrity run's mutants do) has its own topic and does not wait for them.
      services.topic().produceAll();
      expected = RecommendationOracle.expected(SCENARIO);
      services.clearDeadLetters();
      yours = CaseStudyCheck.run(CLUSTER, services, CaseStudyCheck.YOURS);
      yourDeadLetters = services.deadLetters();
    }
    CaseStudyCheck.assertRecommendations(
        TEXTS, TEXTS.get("recommendations"), yours.recommendations(), SCENARIO);
    return yours;
  }

  @GradedCheck
  @DisplayName("the catalog is called once, and its changes come from Kafka, not once per window")
  void catalogCalls() throws Exception {
    CaseStudyCheck.Outcome run = yourRun();
    if (run.catalogCalls() == 0) {
      throw new WrongRouteError(
          TEXTS.get(
              "catalog.notFromService",
              ReadOn.pointer(README, "Problem 2: a catalog call per window")));
    }
    Budget.of(TEXTS.get("catalog.what"), TEXTS.get("unit.requests"))
        .measured(run.catalogCalls())
        .atMost(CaseStudyRunner.PARALLELISM)
        .typically(TEXTS.get("catalog.starter"), TEXTS.get("catalog.reference"))
        .readOn(README, "Problem 2: a catalog call per window")
        .details(
            TEXTS.get(
                "catalog.details",
                CaseStudyRunner.PARALLELISM,
                run.catalogCalls(),
                run.recommendations().size()))
        .verify();
  }

  @GradedCheck
  @DisplayName("Redis writes go in batches: at least 10 recommendations per round trip")
  void redisRoundTrips() throws Exception {
    CaseStudyCheck.Outcome run = yourRun();
    long recommendations = run.recommendations().size();
    Budget.of(TEXTS.get("redis.what"), TEXTS.get("unit.roundTrips"))
        .measured(run.redisRoundTrips())
        .atMost(recommendations / 10)
        .typically(TEXTS.get("redis.starter"), TEXTS.get("redis.reference"))
        .readOn(README, "Problem 5: one Redis round trip per recommendation")
        .details(TEXTS.get("redis.details", recommendations))
        .verify();
  }

  @GradedCheck
  @DisplayName("every line that is not an event reaches the dead-letter topic, with its reason")
  void deadLetters() throws Exception {
    yourRun();
    List<String> malformed = malformedLines();
    List<String> letters = yourDeadLetters;
    List<String> notMalformed = new ArrayList<>();
    for (String letter : letters) {
      if (malformed.stream().noneMatch(line -> mentions(letter, line))) {
        notMalformed.add(letter);
      }
    }
    OutputCheck.assertSameRecords(TEXTS.get("deadLetters.notMalformed"), notMalformed, List.of());

    long missing =
        malformed.stream()
            .filter(
                line ->
                    letters.stream()
                        .noneMatch(
                            letter -> mentions(letter, line) && letter.length() > line.length()))
            .count();
    Budget.of(TEXTS.get("deadLetters.what"), TEXTS.get("unit.lines"))
        .measured(missing)
        .atMost(0)
        .typically(
            TEXTS.get("deadLetters.starter", malformed.size()), TEXTS.get("deadLetters.reference"))
        .readOn(README, "And: lines that are not events")
        .details(
            TEXTS.get(
                "deadLetters.details",
                Endpoints.rejectedTopicOf(CaseStudyServices.TOPIC),
                letters.size(),
                malformed.size(),
                malformed.get(0)))
        .verify();
  }

  /** Whether a dead letter quotes this line (and not a longer one that starts like it). */
  private static boolean mentions(String letter, String line) {
    int at = letter.indexOf(line);
    int after = at + line.length();
    return at >= 0 && (after == letter.length() || !Character.isDigit(letter.charAt(after)));
  }

  /** The lines the course writes among the events that are not events. */
  private static List<String> malformedLines() {
    List<String> lines = new ArrayList<>();
    for (long i = 0; i < SCENARIO.events(); i += BehaviorTopic.MALFORMED_EVERY) {
      lines.add(BehaviorTopic.malformedLine(i));
    }
    return lines;
  }

  /**
   * The shop for the partitions check: the same catalog (seed and items), 50 users and 4,000 events
   * over 2 hours of event time, on a topic of 3 partitions of which one stays empty. Two hours, so
   * that a partition read an hour behind another loses events from every window they fall in: only
   * those does the window operator count as dropped.
   */
  static final Scenario PARTITIONS_SCENARIO =
      new Scenario(SCENARIO.seed(), 50, SCENARIO.items(), 4_000, 1_800, Duration.ofMillis(1));

  static final String PARTITIONS_TOPIC = "user-behavior-3-partitions";
  static final int PARTITIONS = 3;

  private static final String WATERMARKS_SECTION = "Problem 7: watermarks that mix partitions";

  @GradedCheck
  @DisplayName("at parallelism 1 over 3 partitions (one empty), no event is dropped as late")
  void watermarksPerPartition() throws Exception {
    BehaviorTopic topic =
        services.otherTopic(PARTITIONS_TOPIC, PARTITIONS, PARTITIONS - 1, PARTITIONS_SCENARIO);
    // Partition 1 is read behind partition 0: its lines arrive once the job has read partition 0.
    CaseStudyCheck.Outcome run =
        CaseStudyCheck.run(CLUSTER, services, CaseStudyCheck.YOURS, topic, 1, 1);
    if (run.sourceParallelism() > 1) {
      throw new WrongRouteError(
          TEXTS.get(
              "ownParallelism",
              run.sourceParallelism(),
              ReadOn.pointer(README, WATERMARKS_SECTION)));
    }
    Budget.of(TEXTS.get("late.what"), TEXTS.get("unit.events"))
        .measured(run.lateRecordsDropped())
        .atMost(0)
        .typically(TEXTS.get("late.starter"), TEXTS.get("late.reference"))
        .readOn(README, WATERMARKS_SECTION)
        .details(
            TEXTS.get(
                "late.details",
                PARTITIONS_TOPIC,
                String.format(Locale.ROOT, "%,d", PARTITIONS_SCENARIO.events()),
                String.format(Locale.ROOT, "%d", run.windowOperators()),
                String.format(Locale.ROOT, "%,d", run.lateRecordsDropped())))
        .verify();
    OutputCheck.assertSameRecords(
        TEXTS.get("recommendationsOver3Partitions"),
        run.recommendations(),
        RecommendationOracle.expected(PARTITIONS_SCENARIO));
  }

  /**
   * Six runs (the starter's and yours, a warm-up and two rounds each), each one guarded by {@link
   * CaseStudyCheck#END_TO_END_TIMEOUT}: the course's default of 5 minutes per check is too short
   * for the starter's three runs on a busy machine. A guard against a hang, not a measurement.
   */
  @GradedCheck(timed = true)
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  @DisplayName("end to end, the job is at least 2x as fast as the starter")
  void fasterThanTheStarter() throws Exception {
    yourRun();
    double speedup =
        RelativeTimer.warmUp(1)
            .rounds(2)
            .speedup(
                () -> {
                  CaseStudyCheck.Outcome starter =
                      CaseStudyCheck.run(CLUSTER, services, CaseStudyCheck.STARTER);
                  OutputCheck.assertSameRecords(
                      TEXTS.get("starterRecommendations"), starter.recommendations(), expected);
                },
                () -> CaseStudyCheck.run(CLUSTER, services, CaseStudyCheck.YOURS));
    Budget.of(TEXTS.get("speedup.what"), "x")
        .measured(speedup)
        .atLeast(2)
        .typically(TEXTS.get("speedup.starter"), TEXTS.get("speedup.reference"))
        .readOn(README, "What you will see")
        .verify();
  }
}
