package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CuttableProxy;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager dies in the middle of the run. The job must come back by itself and leave exactly
 * the oracle's recommendations in Redis: none lost, none different.
 *
 * <p>Two TaskManagers with one slot each, and a job of parallelism 2, so each TaskManager runs one
 * parallel pipeline of the job. The run is staged so that the failure always lands mid-run: a third
 * of the events is in Kafka, the job has read them and completed a checkpoint of its own (if it
 * checkpoints; the check never takes one for it), TaskManager 0 is stopped and a fresh one started,
 * and only then does the rest of the events arrive.
 */
@DisplayName("Chapter 7 · a TaskManager dies mid-run")
class TaskManagerFailureTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(TaskManagerFailureTest.class);

  private static final String README = "module-07-case-study/README.md";

  @RegisterExtension
  static final GradingCluster CLUSTER =
      GradingCluster.withTaskManagers(CaseStudyRunner.PARALLELISM, 1);

  private static final Scenario SCENARIO = Scenario.forChecks();

  /**
   * How long the check waits for a checkpoint of the job's own, triggered once the windows have
   * fired, before it stops a TaskManager: the reference checkpoints every 2 seconds, and a busy
   * machine may take several times that.
   */
  private static final Duration OWN_CHECKPOINT_WAIT = Duration.ofSeconds(20);

  private static CaseStudyServices services;

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

  @GradedCheck
  @DisplayName("a TaskManager failure mid-run loses no recommendation and changes none")
  void survivesTaskManagerFailure() throws Exception {
    services.resetCounters();
    BehaviorTopic topic = services.topic();
    long firstPart = SCENARIO.events() / 3;
    topic.produce(0, firstPart);

    StreamExecutionEnvironment env =
        CLUSTER.environment(CaseStudyRunner.PARALLELISM, RecommendationJob.configuration());
    String failure = TEXTS.get("failure.none");
    boolean restoredFromCheckpoint = false;
    // The job reaches Redis through a proxy that the check cuts when the TaskManager dies.
    try (CuttableProxy redisLink =
        CuttableProxy.to(services.endpoints().redisHost(), services.endpoints().redisPort())) {
      RecommendationJob.build(env, services.endpoints().withRedisAt("127.0.0.1", redisLink.port()));
      try (JobRun run = CLUSTER.start(env)) {
        // The source's task has emitted the first part's events (it may have set aside a few).
        run.awaitSourceRecords(firstPart);
        // Windows of the first part have fired, so recommendations are on their way to Redis;
        // then the job's own next checkpoint covers them, if it takes any (the check never takes
        // one for it). A sink that has not written them by then loses them in the crash.
        run.awaitInputWatermark(topic.generator().map(firstPart / 2).timestamp);
        run.awaitOwnCheckpoint(OWN_CHECKPOINT_WAIT);
        // A crash, not a shutdown: the TaskManager's connections break before its tasks could
        // write anything more, as when its process dies.
        redisLink.cut();
        CLUSTER.cluster().terminateTaskManager(0).get();
        redisLink.restore();
        CLUSTER.cluster().startTaskManager();
        topic.produce(firstPart, SCENARIO.events());
        try {
          awaitFinishedReplacingDeadTaskManagers(run);
          restoredFromCheckpoint = run.restoredFromCheckpoint();
        } catch (IllegalStateException jobFailed) {
          failure = jobFailed.getMessage();
        }
      }
    }

    List<String> expected = RecommendationOracle.expected(SCENARIO);
    List<String> actual = services.recommendations().lines();
    Set<String> actualSet = new HashSet<>(actual);
    Set<String> expectedSet = new HashSet<>(expected);
    List<String> missingOrDifferent = new ArrayList<>();
    for (String line : expected) {
      if (!actualSet.contains(line)) {
        missingOrDifferent.add(line);
      }
    }
    long unexpected = actual.stream().filter(line -> !expectedSet.contains(line)).count();

    Budget.of(TEXTS.get("failure.what"), TEXTS.get("unit.recommendations"))
        .measured(missingOrDifferent.size() + unexpected)
        .atMost(0)
        .typically(TEXTS.get("failure.starter"), TEXTS.get("failure.reference"))
        .readOn(README, "Problem 6: no checkpoints")
        .details(
            TEXTS.get(
                "failure.details",
                String.format("%,d", expected.size()),
                String.format("%,d", actual.size()),
                String.format("%,d", unexpected),
                failure,
                missingOrDifferent.stream().limit(3).toList()))
        .verify();

    if (!restoredFromCheckpoint) {
      throw new WrongRouteError(
          TEXTS.get("recoveredOtherwise", ReadOn.pointer(README, "Problem 6: no checkpoints")));
    }
  }

  /**
   * Waits until the job has finished, and meanwhile starts a TaskManager for each one that died, as
   * a cluster manager (Kubernetes, YARN, a supervisor) would. A sink that throws while its task is
   * being cancelled takes its whole TaskManager down with it; without a replacement the job would
   * wait for a slot until the check's time runs out.
   */
  private static void awaitFinishedReplacingDeadTaskManagers(JobRun run) throws Exception {
    Thread replacer =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  int alive = CLUSTER.cluster().getResourceOverview().get().getNumberTaskManagers();
                  if (alive < CaseStudyRunner.PARALLELISM) {
                    CLUSTER.cluster().startTaskManager();
                  }
                  Thread.sleep(1_000);
                }
              } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
              } catch (Exception clusterGone) {
                // The cluster is shutting down: nothing left to replace.
              }
            },
            "replace-dead-task-managers");
    replacer.setDaemon(true);
    replacer.start();
    try {
      run.awaitFinished();
    } finally {
      replacer.interrupt();
      replacer.join(10_000);
    }
  }
}
