package dev.flinktuning.casestudy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.cluster.ClusterSetup;
import dev.flinktuning.support.cluster.FlinkProcess;
import dev.flinktuning.support.cluster.FlinkRest;
import dev.flinktuning.support.cluster.StandaloneCluster;
import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.services.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a real, multi-process Flink cluster: a JobManager and two TaskManagers, each a JVM
 * of its own ({@link StandaloneCluster}), the jar submitted over the REST API as {@code flink run}
 * and the Web UI submit it. Runs in the README's test command ({@code -Psolution}, after the jar is
 * built at {@code package}); see the chapter's README, "Running it on a Flink cluster".
 *
 * <ol>
 *   <li>The first part of the events is in Kafka; the job runs at parallelism 2, one pipeline per
 *       TaskManager, and completes a checkpoint.
 *   <li>While the second part is being written, TaskManager 0 is killed with SIGKILL and a new one
 *       started. The job must restore its last checkpoint (the REST API's {@code latest.restored})
 *       and leave in Redis exactly the oracle's recommendations for every window that has closed.
 *   <li>The job is stopped with a savepoint, the third part written, and the jar run again from the
 *       savepoint: it must read only the new lines (the dead-letter topic gets only the new part's
 *       malformed lines) and leave the oracle's recommendations again.
 * </ol>
 */
@DisplayName("Chapter 7 · the job jar on a standalone Flink cluster")
class ClusterFailoverIT {

  private static final Scenario SCENARIO = Scenario.forChecks();
  private static final int PARALLELISM = 2;
  private static final long FIRST_PART = 8_000;
  private static final long SECOND_PART = 14_000;
  private static final long ALL = SCENARIO.events();

  /**
   * For the cluster's JVMs (env.java.opts.all): the quick compiler only, and the serial collector,
   * so that three JVMs start and run this small input sooner on 2 cores.
   */
  private static final String CLUSTER_JVM_OPTIONS =
      System.getProperty("course.clusterJvmOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern MALFORMED = Pattern.compile("not,an,event,(\\d+)");

  @Test
  @DisplayName(
      "a TaskManager killed mid-run, then stop with a savepoint and resume: nothing lost, changed"
          + " or read twice")
  void survivesKilledTaskManagerAndResumesFromSavepoint() throws Exception {
    long start = System.nanoTime();
    Path jar = Path.of(System.getProperty("course.jobJar", "missing-course.jobJar"));
    assertThat(jar)
        .as("the job jar (built by -Psolution at package; -Dcourse.jobJar names it)")
        .isRegularFile();
    int[] ports = LoopbackPorts.free(2);
    ClusterSetup setup =
        ClusterSetup.inTempFolder(ports[0], ports[1], 1).withJvmOptions(CLUSTER_JVM_OPTIONS);
    List<FlinkProcess> started = new ArrayList<>();
    boolean passed = false;
    Stage stage = null;
    StandaloneCluster cluster = StandaloneCluster.start(setup, PARALLELISM);
    started.add(cluster.jobManager());
    started.addAll(cluster.taskManagers());
    try (cluster;
        CaseStudyServices services = CaseStudyServices.start(SCENARIO)) {
      stage = new Stage(cluster, services, start);
      stage.run(started);
      passed = true;
      System.out.printf(
          Locale.ROOT,
          "[cluster] the job jar survived a SIGKILLed TaskManager and resumed from a savepoint,"
              + " in %.1f s (%s)%n",
          (System.nanoTime() - start) / 1e9,
          stage.laps);
    } catch (AssertionError | Exception e) {
      throw new AssertionError(
          e.getMessage()
              + "\nStages so far: "
              + (stage == null ? "none" : stage.laps)
              + "\n"
              + logsOf(setup),
          e);
    } finally {
      for (FlinkProcess process : started) {
        assertThat(process.isAlive())
            .as("the Flink %s is still running after the test", process)
            .isFalse();
      }
      if (passed) {
        setup.delete();
      }
    }
  }

  /** The staged run, step by step. */
  private static final class Stage {
    private final StandaloneCluster cluster;
    private final FlinkRest rest;
    private final CaseStudyServices services;
    private final BehaviorTopic topic;
    private final StringBuilder laps = new StringBuilder();
    private long lapStart;

    Stage(StandaloneCluster cluster, CaseStudyServices services, long start) {
      this.lapStart = start;
      this.cluster = cluster;
      this.rest = cluster.rest();
      this.services = services;
      this.topic = services.topic();
    }

    void run(List<FlinkProcess> started) throws Exception {
      services.resetCounters();
      topic.produce(0, FIRST_PART);
      cluster.awaitTaskManagers(PARALLELISM, WAIT);
      lap("services and cluster up");
      String jarId = rest.uploadJar(Path.of(System.getProperty("course.jobJar")));
      String job = rest.runJar(jarId, PARALLELISM, jobArguments(), null);
      lap("jar uploaded and run");

      // 1. Running, windows of the first part in Redis, and a completed checkpoint.
      await(
          "job " + job + " to complete a checkpoint with recommendations in Redis",
          () -> rest.completedCheckpoints(job) >= 1 && services.recommendations().size() > 0);
      lap("first checkpoint");

      // 2. The second part arrives while TaskManager 0 dies and a new one starts.
      CountDownLatch halfWritten = new CountDownLatch(1);
      AtomicReference<Exception> writeFailed = new AtomicReference<>();
      Thread writer =
          new Thread(
              () -> {
                try {
                  long chunk = 500;
                  for (long from = FIRST_PART; from < SECOND_PART; from += chunk) {
                    topic.produce(from, Math.min(SECOND_PART, from + chunk));
                    if (from + chunk >= (FIRST_PART + SECOND_PART) / 2) {
                      halfWritten.countDown();
                    }
                  }
                } catch (Exception e) {
                  writeFailed.set(e);
                } finally {
                  halfWritten.countDown();
                }
              },
              "second-part-writer");
      writer.start();
      halfWritten.await();
      FlinkProcess killed = cluster.killTaskManager("taskmanager-0");
      started.add(cluster.startTaskManager());
      writer.join();
      if (writeFailed.get() != null) {
        throw writeFailed.get();
      }
      await(
          "job "
              + job
              + " to restore a checkpoint after "
              + killed.name()
              + " (pid "
              + killed.pid()
              + ") was killed",
          () -> !rest.restored(job).isMissingNode() && !rest.restored(job).isNull());
      lap("TaskManager killed, checkpoint restored");
      JsonNode restored = rest.restored(job);
      assertThat(restored.path("is_savepoint").asBoolean())
          .as("job %s restored from a checkpoint, not a savepoint: %s", job, restored)
          .isFalse();
      awaitOracle("after the TaskManager was killed", SECOND_PART);
      lap("Redis as the oracle");
      Set<Long> malformedSoFar = malformedRead();
      assertThat(malformedSoFar)
          .as("the malformed lines of events 0 to %d in the dead-letter topic", SECOND_PART)
          .isEqualTo(malformedLines(0, SECOND_PART));

      // 3. Stop with a savepoint, write the third part, resume from the savepoint.
      String savepoint = rest.stopWithSavepointWhenSettled(job, cluster.setup().savepoints(), WAIT);
      await("job " + job + " to finish after its savepoint", () -> isOver(job));
      lap("stopped with a savepoint");
      services.clearDeadLetters();
      topic.produce(SECOND_PART, ALL);
      String resumed = rest.runJar(jarId, PARALLELISM, jobArguments(), savepoint);
      await(
          "job " + resumed + " to start from savepoint " + savepoint,
          () -> rest.restored(resumed).path("is_savepoint").asBoolean());
      lap("resumed from it");
      assertThat(rest.restored(resumed).path("external_path").asText())
          .as("the savepoint job %s restored", resumed)
          .isEqualTo(savepoint);
      awaitOracle("after resuming from the savepoint", ALL);
      lap("Redis as the oracle");
      assertThat(malformedRead())
          .as(
              "the dead-letter topic after resuming from the savepoint: only the malformed lines"
                  + " of the events written after it (%d to %d); more means the job read the"
                  + " topic again",
              SECOND_PART, ALL)
          .isEqualTo(malformedLines(SECOND_PART, ALL));
      rest.cancel(resumed);
    }

    /** Waits until the condition holds, as long as every process of the cluster runs. */
    private void await(String what, Condition condition) throws Exception {
      awaitUntil(
          what,
          () -> {
            cluster.checkAlive();
            return condition.holds();
          });
    }

    /** Notes how long the stage that just ended took. */
    private void lap(String what) {
      long now = System.nanoTime();
      if (laps.length() > 0) {
        laps.append(", ");
      }
      laps.append(String.format(Locale.ROOT, "%s %.1f s", what, (now - lapStart) / 1e9));
      lapStart = now;
    }

    private List<String> jobArguments() {
      Endpoints endpoints = services.endpoints();
      return List.of(
          "--kafka",
          endpoints.kafkaBootstrapServers(),
          "--topic",
          endpoints.topic(),
          "--catalog",
          endpoints.catalogUrl(),
          "--catalog-changes",
          endpoints.catalogChangesTopic(),
          "--redis",
          endpoints.redisHost() + ":" + endpoints.redisPort());
    }

    private boolean isOver(String job) {
      return Set.of("FINISHED", "CANCELED", "FAILED").contains(rest.jobState(job));
    }

    /**
     * Waits until Redis holds exactly the oracle's recommendations for the windows that have closed
     * once the job has read the first {@code events} events: those that end no later than the
     * watermark they leave, 2 s behind the newest event of the partition that is furthest behind.
     */
    private void awaitOracle(String when, long events) throws Exception {
      long watermark = watermarkAfter(events);
      List<String> expected =
          CaseStudyCheck.closedWindows(
              RecommendationOracle.expected(
                  new Scenario(
                      SCENARIO.seed(),
                      SCENARIO.users(),
                      SCENARIO.items(),
                      events,
                      SCENARIO.millisPerEvent(),
                      SCENARIO.catalogLatency())),
              watermark);
      List<String> actual = List.of();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        cluster.checkAlive();
        actual = services.recommendations().lines();
        if (actual.equals(expected)) {
          return;
        }
        Thread.sleep(250);
      }
      Set<String> expectedSet = new TreeSet<>(expected);
      Set<String> actualSet = new TreeSet<>(actual);
      List<String> missingOrChanged =
          expected.stream().filter(line -> !actualSet.contains(line)).limit(3).toList();
      List<String> unexpected =
          actual.stream().filter(line -> !expectedSet.contains(line)).limit(3).toList();
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "Redis %s differs from the oracle for the windows that closed (end <= %d) after"
                  + " %,d events: %,d recommendations expected, %,d in Redis; missing or changed,"
                  + " e.g. %s; not expected, e.g. %s",
              when,
              watermark + 1,
              events,
              expected.size(),
              actual.size(),
              missingOrChanged,
              unexpected));
    }

    /** Indices of the malformed lines the job sent to the dead-letter topic, each once. */
    private Set<Long> malformedRead() {
      Set<Long> indices = new TreeSet<>();
      for (String deadLetter : services.deadLetters()) {
        Matcher matcher = MALFORMED.matcher(deadLetter);
        if (matcher.find()) {
          indices.add(Long.parseLong(matcher.group(1)));
        }
      }
      return indices;
    }
  }

  /** The watermark once events 0 to {@code events}-1 are read: the smallest over partitions. */
  static long watermarkAfter(long events) {
    long[] newest = new long[CaseStudyServices.PARTITIONS];
    java.util.Arrays.fill(newest, Long.MIN_VALUE);
    for (long i = 0; i < events; i++) {
      ShopEvent event = SCENARIO.generator().map(i);
      int partition = BehaviorTopic.partitionOf(event, CaseStudyServices.PARTITIONS);
      newest[partition] = Math.max(newest[partition], event.timestamp);
    }
    long watermark = Long.MAX_VALUE;
    for (long last : newest) {
      watermark = Math.min(watermark, CaseStudyCheck.watermarkBehind(last));
    }
    return watermark;
  }

  /** Indices of the events from {@code from} to {@code to}-1 that a malformed line follows. */
  static Set<Long> malformedLines(long from, long to) {
    Set<Long> indices = new TreeSet<>();
    for (long i = from; i < to; i++) {
      if (BehaviorTopic.isMalformed(i)) {
        indices.add(i);
      }
    }
    return indices;
  }

  private static String logsOf(ClusterSetup setup) {
    StringBuilder logs = new StringBuilder("The cluster's logs, in " + setup.logs() + ":");
    try (var files = Files.list(setup.logs())) {
      files.sorted().forEach(file -> logs.append("\n  ").append(file));
    } catch (Exception e) {
      logs.append(" (cannot list: ").append(e.getMessage()).append(')');
    }
    return logs.toString();
  }

  /** A condition polled until it holds. */
  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitUntil(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Waited " + WAIT.toSeconds() + " s for " + what + " in vain");
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }
}
