package dev.flinktuning.checkpoints;

import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobCheckpoints;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import dev.flinktuning.support.services.LocalKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager dies in the middle of the run; the billing system must then read each large order
 * exactly once.
 *
 * <p>Two TaskManagers with one slot each and a job of parallelism 2: each TaskManager runs one
 * pipeline, reading one partition. The run is staged so that the failure lands at the same point
 * every time: a third of the orders is in Kafka and read, a checkpoint is taken, a second third is
 * read and written to the output topic, then TaskManager 0 stops and a fresh one starts, and only
 * then does the last third arrive. The check takes the checkpoints itself, at those moments: a job
 * that checkpoints (it sets execution.checkpointing.interval) gets its interval set long, so no
 * checkpoint of its own lands elsewhere; a job that does not gets none.
 */
@DisplayName("Chapter 6 · Exercise 3 · exactly once to Kafka across a TaskManager failure")
class LargeOrdersJobTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(LargeOrdersJobTest.class);

  private static final String README = "module-06-checkpoints/README.md";

  @RegisterExtension
  static final GradingCluster CLUSTER = GradingCluster.withTaskManagers(Orders.PARTITIONS, 1);

  private static final int ORDERS = 30_000;
  private static final Orders INPUT = new Orders(ORDERS);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private static LocalKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = LocalKafka.fromSystemProperty();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @BeforeEach
  void emptyTopics() {
    kafka.recreateTopic(LargeOrdersJob.ORDERS, Orders.PARTITIONS);
    kafka.recreateTopic(LargeOrdersJob.LARGE_ORDERS, Orders.PARTITIONS);
  }

  @GradedCheck
  @DisplayName("after a TaskManager failure, the billing system reads each large order once")
  void exactlyOnceAcrossTaskManagerFailure() throws Exception {
    String bootstrap = kafka.bootstrapServers();
    long firstPart = ORDERS / 3;
    long secondPart = 2L * ORDERS / 3;
    Orders.produce(bootstrap, 0, firstPart);

    Configuration config = configuration();
    boolean checkpointing = checkpoints(config);
    StreamExecutionEnvironment env = CLUSTER.environment(Orders.PARTITIONS, config);
    LargeOrdersJob.build(env, bootstrap, INPUT.endOffsets());
    String failure = "none";
    long restoredFrom;
    try (JobRun run = CLUSTER.start(env)) {
      JobCheckpoints checkpoints = JobCheckpoints.of(CLUSTER, run);
      awaitWritten(Orders.largeOrders(firstPart).size());
      if (checkpointing) {
        tryCheckpoint(checkpoints);
      }
      Orders.produce(bootstrap, firstPart, secondPart);
      awaitWritten(Orders.largeOrders(secondPart).size());
      CLUSTER.cluster().terminateTaskManager(0).get();
      CLUSTER.cluster().startTaskManager();
      Orders.produce(bootstrap, secondPart, ORDERS);
      failure = checkpointing ? checkpointUntilFinished(run, checkpoints) : awaitFinished(run);
      restoredFrom = checkpoints.restoredFrom();
    }

    List<String> expected = Orders.largeOrders(ORDERS);
    List<String> billing = LargeOrdersReader.readAll(bootstrap);
    List<String> committed = LargeOrdersReader.readAll(readCommitted(bootstrap));
    Difference seenByBilling = Difference.between(expected, billing);
    Difference committedInTopic = Difference.between(expected, committed);

    if (restoredFrom < 0 && seenByBilling.total() + committedInTopic.total() == 0) {
      throw new WrongRouteError(TEXTS.get("restoredFromNothing"));
    }

    Budget.of(TEXTS.get("lostOrDuplicated.what"), TEXTS.get("unit.records"))
        .measured(seenByBilling.total() + committedInTopic.total())
        .atMost(0)
        .typically(TEXTS.get("lostOrDuplicated.starter"), TEXTS.get("lostOrDuplicated.reference"))
        .readOn(README, "Exercise 3: exactly once to Kafka")
        .details(
            TEXTS.get(
                "lostOrDuplicated.details",
                String.format("%,d", expected.size()),
                seenByBilling,
                committedInTopic,
                failure,
                restoredFrom < 0 ? TEXTS.get("lostOrDuplicated.none") : restoredFrom))
        .verify();
  }

  /** The learner's configuration; a job that checkpoints does so only when the check says. */
  private static Configuration configuration() {
    Configuration config;
    try {
      config = LargeOrdersJob.configuration();
    } catch (IllegalArgumentException notFlinkKeys) {
      throw new WrongRouteError(TEXTS.get("ignoredConfiguration", notFlinkKeys.getMessage()));
    }
    if (checkpoints(config)) {
      config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
    }
    return config;
  }

  /** Whether the job takes checkpoints: only then does the check take them in its place. */
  private static boolean checkpoints(Configuration config) {
    return config.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isPresent();
  }

  private static String awaitFinished(JobRun run) throws Exception {
    try {
      run.awaitFinished();
      return "none";
    } catch (IllegalStateException jobFailed) {
      return jobFailed.getMessage();
    }
  }

  private static void tryCheckpoint(JobCheckpoints checkpoints) {
    try {
      checkpoints.trigger();
    } catch (InterruptedException stop) {
      // Keep the interrupt: the thread that triggers checkpoints until the end must see it.
      Thread.currentThread().interrupt();
    } catch (Exception noCheckpoints) {
      // A job without checkpoints has nothing to recover from; the failure shows that.
    }
  }

  /**
   * Triggers checkpoints until the job has ended: a job that has read all its input finishes only
   * after one more checkpoint, which also commits what it wrote last.
   */
  private static String checkpointUntilFinished(JobRun run, JobCheckpoints checkpoints)
      throws Exception {
    Thread finisher =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                tryCheckpoint(checkpoints);
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "checkpoint-until-finished");
    finisher.setDaemon(true);
    finisher.start();
    try {
      run.awaitFinished();
      return "none";
    } catch (IllegalStateException jobFailed) {
      return jobFailed.getMessage();
    } finally {
      finisher.interrupt();
      finisher.join();
    }
  }

  /** Waits until the output topic holds (committed or not) at least {@code records} records. */
  private static void awaitWritten(long records) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    Properties uncommitted = LargeOrdersReader.consumerProperties(kafka.bootstrapServers());
    uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    while (LargeOrdersReader.readAll(uncommitted).size() < records) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The job did not write the first two thirds' " + records + " large orders in time");
      }
      Thread.sleep(100);
    }
  }

  private static Properties readCommitted(String bootstrap) {
    Properties props = LargeOrdersReader.consumerProperties(bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  /** Orders missing from a read, and orders read more often than once. */
  record Difference(long missing, long duplicated, long unexpected) {

    static Difference between(List<String> expected, List<String> actual) {
      Map<String, Integer> counts = new HashMap<>();
      for (String line : actual) {
        counts.merge(line, 1, Integer::sum);
      }
      long missing = 0;
      long duplicated = 0;
      for (String line : expected) {
        Integer seen = counts.remove(line);
        if (seen == null) {
          missing++;
        } else {
          duplicated += seen - 1;
        }
      }
      long unexpected = counts.values().stream().mapToLong(Integer::longValue).sum();
      return new Difference(missing, duplicated, unexpected);
    }

    long total() {
      return missing + duplicated + unexpected;
    }

    @Override
    public String toString() {
      return TEXTS.get(
          "difference",
          String.format("%,d", missing),
          String.format("%,d", duplicated),
          String.format("%,d", unexpected));
    }
  }
}
