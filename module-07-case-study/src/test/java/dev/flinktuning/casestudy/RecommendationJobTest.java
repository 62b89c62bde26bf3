package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.RelativeTimer;
import dev.flinktuning.support.grading.WrongRouteError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graded checks for {@link RecommendationJob}, on a real Kafka broker, a real Redis and the item
 * catalog over HTTP. Each check first compares the recommendations in Redis with {@link
 * RecommendationOracle}'s, then measures one thing.
 */
@DisplayName("Chapter 7 · the recommendation job on Kafka, Redis and the catalog")
class RecommendationJobTest {

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
    OutputCheck.assertSameRecords(
        "recommendations in Redis (user @ window end: items)", yours.recommendations(), expected);
    return yours;
  }

  @GradedCheck
  @DisplayName("the catalog is called once per catalog version, not once per window")
  void catalogCalls() throws Exception {
    CaseStudyCheck.Outcome run = yourRun();
    if (run.catalogCalls() == 0) {
      throw new WrongRouteError(
          "The catalog never came from the catalog service: the job made no request to it. Item"
              + " profiles computed inside the job (from the generator, say) are not what the shop"
              + " sells today; load them from the service, once.\n  Read on: "
              + README
              + ", section \"Problem 2: a catalog call per window\".");
    }
    Budget.of("Requests to the item catalog during one run", "requests")
        .measured(run.catalogCalls())
        .atMost(CaseStudyRunner.PARALLELISM)
        .typically("10,471", "1")
        .readOn(README, "Problem 2: a catalog call per window")
        .details(
            "The catalog has one version during the run. Loading it once per parallel subtask"
                + " would be "
                + CaseStudyRunner.PARALLELISM
                + " requests; the job made one for each of its "
                + run.recommendations().size()
                + " recommendations or so.")
        .verify();
  }

  @GradedCheck
  @DisplayName("Redis writes go in batches: at least 10 recommendations per round trip")
  void redisRoundTrips() throws Exception {
    CaseStudyCheck.Outcome run = yourRun();
    long recommendations = run.recommendations().size();
    Budget.of("Network round trips Redis served (its total_reads_processed)", "round trips")
        .measured(run.redisRoundTrips())
        .atMost(recommendations / 10)
        .typically("10,480", "about 100")
        .readOn(README, "Problem 5: one Redis round trip per recommendation")
        .details(recommendations + " recommendations were written.")
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
    OutputCheck.assertSameRecords(
        "dead letters that are not malformed lines", notMalformed, List.of());

    long missing =
        malformed.stream()
            .filter(
                line ->
                    letters.stream()
                        .noneMatch(
                            letter -> mentions(letter, line) && letter.length() > line.length()))
            .count();
    Budget.of(
            "Malformed lines not in the dead-letter topic, or there without their reason", "lines")
        .measured(missing)
        .atMost(0)
        .typically(malformed.size() + " (dropped without a trace)", "0")
        .readOn(README, "And: lines that are not events")
        .details(
            String.format(
                "The topic %s holds %d letters; the input has %d malformed lines, such as \"%s\".",
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
          String.format(
              Locale.ROOT,
              "The job chose its own parallelism: this check runs it at parallelism 1, so that one"
                  + " source subtask reads all 3 partitions, and its sources ran at %d. A parallelism"
                  + " fixed in the code (env.setParallelism(..), or on the source) only moves the"
                  + " question: tomorrow the topic has more partitions than that. Leave it to whoever"
                  + " runs the job (flink run -p), and make the job right at any.%n  Read on: %s,"
                  + " section \"%s\".",
              run.sourceParallelism(),
              README,
              WATERMARKS_SECTION));
    }
    Budget.of("Events the windows dropped as late, one subtask reading 3 partitions", "events")
        .measured(run.lateRecordsDropped())
        .atMost(0)
        .typically("980", "0")
        .readOn(README, WATERMARKS_SECTION)
        .details(
            String.format(
                Locale.ROOT,
                "The job ran at parallelism 1 over the topic %s: %,d events in partitions 0 and 1,"
                    + " partition 2 empty, 2 hours of event time; partition 1 was written only once"
                    + " the job had read partition 0, as when a partition is read behind the"
                    + " others. Its window operators (%d"
                    + " reporting) counted %,d events dropped as late (numLateRecordsDropped), each"
                    + " one too late for every window it belongs to; events that missed only some"
                    + " of their windows are not even counted there.",
                PARTITIONS_TOPIC,
                PARTITIONS_SCENARIO.events(),
                run.windowOperators(),
                run.lateRecordsDropped()))
        .verify();
    OutputCheck.assertSameRecords(
        "recommendations in Redis at parallelism 1 over 3 partitions (user @ window end: items)",
        run.recommendations(),
        RecommendationOracle.expected(PARTITIONS_SCENARIO));
  }

  @GradedCheck(timed = true)
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
                      "the starter's recommendations", starter.recommendations(), expected);
                },
                () -> CaseStudyCheck.run(CLUSTER, services, CaseStudyCheck.YOURS));
    Budget.of("Speed-up over the starter, same events, same JVM, best of 2 runs each", "x")
        .measured(speedup)
        .atLeast(2)
        .typically("1.0", "8")
        .readOn(README, "What you will see")
        .verify();
  }
}
