package dev.flinktuning.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinktuning.support.cluster.LocalFlinkCluster;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import dev.flinktuning.support.services.LoopbackPorts;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 2 · Exercise 2 · metrics that tell the truth")
class CheckoutJobTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(CheckoutJobTest.class);

  private static final int PROMETHEUS_PORT = LoopbackPorts.free();

  @RegisterExtension
  static final GradingCluster CLUSTER =
      GradingCluster.withSlots(2)
          .withConfiguration(
              prometheus(
                  "factory.class",
                  // Flink's reporter, with its socket on 127.0.0.1: Flink's own factory binds
                  // every interface and has no host option (see LoopbackPrometheusReporter).
                  "org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory",
                  PROMETHEUS_PORT));

  private static final ShopEventGenerator INPUT = ShopEventGenerator.withSeed(41);

  /** About 200 purchases, about 12 of them from blocked accounts. */
  private static final int EVENTS = 4_000;

  /** How long the fraud review holds each checkout: the wait the latency must show. */
  private static final Duration HOLD = Duration.ofMillis(1_000);

  private static final String OPERATOR_PREFIX = "flink_taskmanager_job_task_operator_";

  private static Configuration prometheus(String key, String value, int port) {
    Configuration config = new Configuration();
    config.setString("metrics.reporter.prom." + key, value);
    config.setString("metrics.reporter.prom.port", String.valueOf(port));
    return config;
  }

  @GradedCheck
  @DisplayName("reports the checkouts' real wait and the rejected count, scraped from Prometheus")
  void metricsTellTheTruth() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<String> sink = new CollectingSink<>();
    CheckoutJob.checkouts(ShopEvents.streamThenHold(env, INPUT, EVENTS), HOLD).sinkTo(sink);
    List<String> expected = CheckoutOracle.lines(INPUT.generate(EVENTS));
    long expectedRejected = CheckoutOracle.rejected(INPUT.generate(EVENTS));

    List<PrometheusScrape.Sample> samples;
    try (JobRun run = CLUSTER.start(env)) {
      awaitLines(sink, expected.size());
      String jobId = run.jobId().toHexString();
      samples =
          PrometheusScrape.scrape(PROMETHEUS_PORT).stream()
              .filter(s -> jobId.equals(s.labels().get("job_id")))
              .toList();
    }
    OutputCheck.assertSameRecords(TEXTS.get("checkoutLines"), sink.results(), expected);
    sink.clear();

    double median =
        samples.stream()
            .filter(s -> s.name().equals(OPERATOR_PREFIX + CheckoutJob.LATENCY_METRIC))
            .filter(s -> "0.5".equals(s.labels().get("quantile")))
            .mapToDouble(PrometheusScrape.Sample::value)
            .filter(v -> !Double.isNaN(v))
            .max()
            .orElse(0);
    String what =
        TEXTS.get(
            "median.what",
            CheckoutJob.LATENCY_METRIC,
            String.format(Locale.ROOT, "%,d", HOLD.toMillis()));
    Budget.of(what, "ms")
        .measured(median)
        .atLeast(HOLD.toMillis() * 0.8)
        .typically(TEXTS.get("median.starter"), TEXTS.get("median.reference"))
        .readOn("module-02-metrics/README.md", "Exercise 2: metrics that tell the truth")
        .verify();
    Budget.of(what, "ms")
        .measured(median)
        .atMost(HOLD.toMillis() * 3)
        .typically(TEXTS.get("median.starter"), TEXTS.get("median.reference"))
        .readOn("module-02-metrics/README.md", "Exercise 2: metrics that tell the truth")
        .verify();

    double rejected =
        samples.stream()
            .filter(s -> s.name().equals(OPERATOR_PREFIX + CheckoutJob.REJECTED_METRIC))
            .mapToDouble(PrometheusScrape.Sample::value)
            .sum();
    String counted =
        TEXTS.get(
            "rejected.what",
            CheckoutJob.REJECTED_METRIC,
            String.format(Locale.ROOT, "%,d", expectedRejected));
    for (boolean atLeast : new boolean[] {true, false}) {
      Budget budget =
          Budget.of(counted, TEXTS.get("unit.purchases"))
              .measured(rejected)
              .typically(
                  TEXTS.get("rejected.starter"),
                  String.format(Locale.ROOT, "%,d", expectedRejected))
              .readOn("module-02-metrics/README.md", "Exercise 2: metrics that tell the truth");
      (atLeast ? budget.atLeast(expectedRejected) : budget.atMost(expectedRejected)).verify();
    }

    for (PrometheusScrape.Sample sample : samples) {
      if (sample.name().startsWith(OPERATOR_PREFIX)
          && sample.name().toLowerCase(Locale.ROOT).contains("backpressure")) {
        throw new WrongRouteError(
            TEXTS.get(
                "homeMadeGauge",
                sample.name(),
                ReadOn.pointer(
                    "module-02-metrics/README.md", "Exercise 2: metrics that tell the truth")));
      }
    }
  }

  @Test
  @DisplayName("writes the oracle's lines")
  void writesTheOraclesLines() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<String> sink = new CollectingSink<>();
    CheckoutJob.checkouts(ShopEvents.streamThenHold(env, INPUT, EVENTS), Duration.ofMillis(50))
        .sinkTo(sink);
    List<String> expected = CheckoutOracle.lines(INPUT.generate(EVENTS));
    try (JobRun run = CLUSTER.start(env)) {
      awaitLines(sink, expected.size());
    }
    OutputCheck.assertSameRecords(TEXTS.get("checkoutLines"), sink.results(), expected);
    sink.clear();
  }

  @Test
  @DisplayName("the Prometheus reporter set with factory.class serves /metrics")
  void factoryClassServesMetrics() throws Exception {
    assertThat(PrometheusScrape.scrape(PROMETHEUS_PORT))
        .anyMatch(
            s ->
                s.name().startsWith("flink_jobmanager_")
                    || s.name().startsWith("flink_taskmanager_"));
  }

  @Test
  @DisplayName("a reporter set with the 1.x 'class' key is ignored: nothing listens")
  void classKeyIsIgnored() throws Exception {
    int port = LoopbackPorts.free();
    MiniCluster cluster =
        LocalFlinkCluster.start(
            prometheus("class", "org.apache.flink.metrics.prometheus.PrometheusReporter", port),
            1,
            1);
    try {
      Thread.sleep(500);
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .isInstanceOf(java.net.ConnectException.class);
    } finally {
      cluster.close();
    }
  }

  /**
   * Waits until the held-open job has written every line. Held open, because a bounded input would
   * end the job before the fraud hold's processing-time timers fire: Flink does not fire them at
   * the end of input, and the last checkouts would never leave.
   */
  private static void awaitLines(CollectingSink<String> sink, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (sink.results().size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(300);
  }
}
