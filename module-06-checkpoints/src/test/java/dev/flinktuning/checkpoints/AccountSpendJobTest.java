package dev.flinktuning.checkpoints;

import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import dev.flinktuning.support.services.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 1 of the job is replaced by version 2 in the middle of the input; the output must hold
 * each order once, with the right running totals.
 *
 * <p>The run is staged: the first half of the orders is in Kafka; version 1 runs until it has
 * written all of them; {@link Upgrade#stop} ends it; the second half arrives; version 2 starts with
 * the configuration {@link Upgrade#resume} gives and runs to the end of the input. Version 2 runs
 * with the chapter's classes loaded anew, as on a new TaskManager, so only what Flink's snapshot
 * carried survives the upgrade.
 */
@DisplayName("Chapter 6 · Exercise 4 · stop, upgrade and resume")
class AccountSpendJobTest {

  private static final String README = "module-06-checkpoints/README.md";
  private static final String SECTION = "Exercise 4: stop, upgrade and resume";

  private static final int PARTITIONS = 2;
  private static final int ORDERS = 10_000;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(PARTITIONS);

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(AccountSpendJobTest.class);

  private static LocalKafka kafka;

  @TempDir Path savepoints;

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

  @GradedCheck
  @DisplayName("across the upgrade, each order is written once, with the right totals")
  void upgradeRepeatsAndLosesNothing() throws Exception {
    kafka.recreateTopic(AccountSpendJob.ORDERS, PARTITIONS);
    kafka.recreateTopic(AccountSpendJob.ACCOUNT_SPEND, PARTITIONS);
    String bootstrap = kafka.bootstrapServers();
    int half = ORDERS / 2;
    OrderTopic.produce(bootstrap, 0, half, AccountSpendJobTest::partitionOf);

    StreamExecutionEnvironment first =
        CLUSTER.environment(PARTITIONS, AccountSpendJob.configuration());
    AccountSpendJob.build(first, bootstrap, 1);
    String resumeFrom;
    try (JobRun version1 = CLUSTER.start(first)) {
      awaitWritten(half);
      resumeFrom = Upgrade.stop(version1.client(), savepoints);
    }

    OrderTopic.produce(bootstrap, half, ORDERS, AccountSpendJobTest::partitionOf);
    Configuration resumed = Upgrade.resume(AccountSpendJob.configuration(), resumeFrom);
    StreamExecutionEnvironment second =
        CLUSTER.environmentWithFreshClasses(PARTITIONS, resumed, AccountSpendJob.class);
    AccountSpendJob.build(second, bootstrap, 2);
    boolean restored;
    try (JobRun version2 = CLUSTER.start(second)) {
      awaitEveryOrder(version2);
      restored = version2.restoredFromCheckpoint();
    } catch (Exception failed) {
      throw refusedRestore(failed, resumeFrom);
    }

    List<String> written = kafka.readCommitted(AccountSpendJob.ACCOUNT_SPEND);
    Map<Long, Integer> timesWritten = new HashMap<>();
    for (String line : written) {
      timesWritten.merge(OrderTopic.idOf(line), 1, Integer::sum);
    }
    long twice = timesWritten.values().stream().mapToLong(n -> n - 1).sum();
    long never = ORDERS - timesWritten.size();
    Budget.of(TEXTS.get("twiceOrNever.what"), TEXTS.get("unit.orders"))
        .measured(twice + never)
        .atMost(0)
        .typically(
            TEXTS.get("twiceOrNever.starter", String.format("%,d", half)),
            TEXTS.get("twiceOrNever.reference"))
        .readOn(README, SECTION)
        .details(
            TEXTS.get(
                "twiceOrNever.details",
                String.format("%,d", ORDERS),
                String.format("%,d", twice),
                String.format("%,d", never),
                resumeFrom == null ? TEXTS.get("twiceOrNever.nothing") : resumeFrom))
        .verify();

    OutputCheck.assertSameRecords(TEXTS.get("spendAcrossUpgrade"), written, oracle());

    if (!restored) {
      throw new WrongRouteError(TEXTS.get("notFromSnapshot"));
    }
  }

  /** Flink refused to start version 2 from the snapshot: the usual reason gets a clear message. */
  private static Error refusedRestore(Exception failed, String resumeFrom) {
    String causes = ExceptionUtils.stringifyException(failed);
    if (causes.contains("Cannot map checkpoint/savepoint state")) {
      return new WrongRouteError(TEXTS.get("cannotFindState", resumeFrom));
    }
    return new AssertionError(TEXTS.get("version2Failed", resumeFrom, failed.getMessage()), failed);
  }

  /**
   * Waits until version 2 has written every order at least once, or the deadline has passed (a
   * route that loses orders): the job reads an unbounded topic, and runs until it is cancelled. The
   * orders of each account come in order, so what a replay writes again comes before the last
   * orders.
   */
  private static void awaitEveryOrder(JobRun version2) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (OrderTopic.distinctOrders(kafka.readCommitted(AccountSpendJob.ACCOUNT_SPEND)) < ORDERS
        && System.nanoTime() < deadline) {
      version2.failIfFailed();
      Thread.sleep(200);
    }
  }

  private static int partitionOf(long id) {
    return AccountSpendJob.partitionOf(id, PARTITIONS);
  }

  /** Each order's line, {@code orderId,account,orders,cents}, with the account's totals so far. */
  private static List<String> oracle() {
    Map<Long, long[]> spend = new HashMap<>();
    List<String> lines = new ArrayList<>();
    for (long id = 0; id < ORDERS; id++) {
      String order = OrderTopic.line(id);
      long account = OrderTopic.accountOf(order);
      long[] sums = spend.computeIfAbsent(account, a -> new long[2]);
      sums[0]++;
      sums[1] += OrderTopic.centsOf(order);
      lines.add(id + "," + account + "," + sums[0] + "," + sums[1]);
    }
    return lines;
  }

  /** Waits until the output topic holds at least {@code lines} committed lines. */
  private static void awaitWritten(long lines) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (kafka.readCommitted(AccountSpendJob.ACCOUNT_SPEND).size() < lines) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Version 1 did not write the first half's " + lines + " lines within " + DEADLINE);
      }
      Thread.sleep(200);
    }
  }
}
