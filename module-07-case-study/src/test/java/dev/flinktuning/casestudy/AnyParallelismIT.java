package dev.flinktuning.casestudy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.services.LocalKafka;
import dev.flinktuning.support.services.LocalRedis;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference solution gives the oracle's recommendations at parallelism 1 and 2, over topics of
 * 2 and 3 partitions: one subtask per partition, one subtask reading two or three, and a subtask
 * whose only partition is empty. In every run one partition is written only after the job has read
 * the others, as when a partition is read far behind the rest; at parallelism 2 over 3 partitions
 * that is partition 2, which the Kafka source gives to the same subtask as partition 0. The shop's
 * two hours also cross the catalog's two changes. And on a topic without an end, a partition that
 * never gets an event holds no window back for good: the reference marks it idle.
 *
 * <p>Not a graded check: it runs {@link RecommendationJob} as {@code -Psolution} builds it (the
 * reference), after the package phase, beside {@code ClusterFailoverIT}. The graded partitions
 * check runs one of these cases (parallelism 1 over 3 partitions) on the learner's job.
 *
 * <p>The idle-partition run waits a minute for the reference's idleness, so it starts first, on
 * services of its own (the other runs empty their Redis before each run), and waits while the
 * others run beside it. With a Kafka or Redis of your own ({@code -Dcourse.kafka}, {@code
 * -Dcourse.redis}) every run shares it, so the idle-partition run starts only after the others.
 */
@DisplayName("Chapter 7 · the reference at parallelism 1 and 2 over 2 and 3 partitions")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnyParallelismIT {

  /** Four slots: the idle-partition run (2) beside each of the others (at most 2). */
  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(4);

  private static final Scenario SHOP = RecommendationJobTest.PARTITIONS_SCENARIO;

  /**
   * How long the idle-partition run may take to write the windows it owes: the reference marks a
   * partition idle after a minute without records, and the job needs some seconds to start.
   */
  private static final Duration IDLE_WAIT = Duration.ofMinutes(3);

  private static List<String> expected;
  private static CaseStudyServices services;
  private static CaseStudyServices idleServices;
  private static JobRun idleRun;
  private static long idleStart;
  private static long idleWatermark;

  @BeforeAll
  static void start() throws Exception {
    expected = RecommendationOracle.expected(SHOP);
    if (servicesOfItsOwn()) {
      idleServices = CaseStudyServices.start(Scenario.forChecks());
      startIdlePartitionRun();
    }
    services = CaseStudyServices.start(Scenario.forChecks());
  }

  /** Whether the course starts the services; not when you give a Kafka or a Redis of your own. */
  private static boolean servicesOfItsOwn() {
    return !LocalKafka.givenBySystemProperty() && !LocalRedis.givenBySystemProperty();
  }

  /**
   * Starts the reference at parallelism 2 on a topic without an end, of 3 partitions, whose
   * partition 2 never gets an event; the Kafka source gives it to the same subtask as partition 0.
   */
  private static void startIdlePartitionRun() throws Exception {
    BehaviorTopic topic = idleServices.otherTopic("user-behavior-idle", 3, 2, SHOP);
    topic.produceAll();
    idleWatermark =
        CaseStudyCheck.watermarkBehind(
            Math.min(topic.lastTimestampIn(0), topic.lastTimestampIn(1)));
    StreamExecutionEnvironment env = CLUSTER.environment(2, CaseStudyCheck.YOURS.configuration());
    CaseStudyCheck.YOURS.builder().build(env, idleServices.liveEndpoints(topic));
    idleStart = System.nanoTime();
    idleRun = CLUSTER.start(env);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (idleRun != null) {
        idleRun.close();
      }
    } finally {
      if (idleServices != null && idleServices != services) {
        idleServices.close();
      }
      if (services != null) {
        services.close();
      }
    }
  }

  @Order(1)
  @ParameterizedTest(name = "parallelism {0}, {1} partitions, {2} of them written, {3} behind")
  @CsvSource({"1, 2, 2, 1", "2, 2, 2, 1", "1, 3, 2, 1", "2, 3, 2, 1", "2, 3, 3, 2"})
  void sameRecommendationsAsTheOracle(int parallelism, int partitions, int written, int behind)
      throws Exception {
    String name = "user-behavior-p" + parallelism + "-of-" + partitions + "-" + written;
    BehaviorTopic topic = services.otherTopic(name, partitions, written, SHOP);

    CaseStudyCheck.Outcome run =
        CaseStudyCheck.run(CLUSTER, services, CaseStudyCheck.YOURS, topic, parallelism, behind);

    assertThat(run.sourceParallelism())
        .as("the behaviour source's parallelism")
        .isEqualTo(parallelism);
    assertThat(run.lateRecordsDropped()).as("events dropped as late").isZero();
    OutputCheck.assertSameRecords(
        "recommendations at parallelism " + parallelism + " over " + partitions + " partitions",
        run.recommendations(),
        expected);
  }

  @Order(2)
  @Test
  @DisplayName("a partition that never gets an event holds no window back for good, without an end")
  void anIdlePartitionHoldsNothingBack() throws Exception {
    if (idleRun == null) {
      // Shared services: the other runs are over, and nothing else writes to their Redis now.
      idleServices = services;
      idleServices.resetCounters();
      startIdlePartitionRun();
    }
    List<String> owed = CaseStudyCheck.closedWindows(expected, idleWatermark);
    assertThat(owed).as("the windows that partitions 0 and 1 close").hasSizeGreaterThan(1_000);
    List<String> written = idleServices.recommendations().lines();
    long deadline = idleStart + IDLE_WAIT.toNanos();
    while (System.nanoTime() < deadline && !written.equals(owed)) {
      idleRun.failIfFailed();
      Thread.sleep(500);
      written = idleServices.recommendations().lines();
    }
    idleRun.close();
    if (!written.equals(owed)) {
      long right = written.stream().filter(new HashSet<>(owed)::contains).count();
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%,d of the %,d recommendations owed for the windows that end by %d were in Redis"
                  + " %d s after the start, and %,d others; partition 2 of the topic is empty and"
                  + " holds back the watermark until it is marked idle",
              right,
              owed.size(),
              idleWatermark + 1,
              IDLE_WAIT.toSeconds(),
              written.size() - right));
    }
  }
}
