package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Checks out purchases: drops those of blocked accounts, holds the rest for a fraud review, and
 * writes one line per checkout.
 *
 * <p>The reference: a counter of rejected purchases where they are rejected, and a latency
 * histogram at the end of the job, from the timestamp each checkout carries, so the fraud hold
 * shows; Flink's bounded {@code DescriptiveStatisticsHistogram} instead of a sorted list; no
 * home-made backpressure gauge.
 *
 * <p>Exercise 2 of chapter 2. The job's metrics do not tell the truth. Its "latency" histogram
 * times one {@code map()} call (microseconds), while a checkout really waits for the whole fraud
 * hold; the histogram it uses keeps every value and sorts them on each update; nothing counts the
 * rejected purchases in Flink's metrics; and it exposes a home-made "backpressure" gauge that
 * measures nothing Flink does not already report as {@code backPressuredTimeMsPerSecond}.
 *
 * <p><b>Edit</b> {@link Validate} and {@link ToLine} (and what else you need): a histogram named
 * {@value #LATENCY_METRIC} of the milliseconds from {@link Checkout#enteredAtMillis} to the moment
 * the line leaves for the sink, a counter named {@value #REJECTED_METRIC} of rejected purchases,
 * and no home-made backpressure gauge. The lines must stay the same.
 */
public final class CheckoutJob {

  /** The end-to-end latency histogram's name, in milliseconds. */
  public static final String LATENCY_METRIC = "checkoutLatencyMs";

  /** The rejected purchases counter's name. */
  public static final String REJECTED_METRIC = "rejectedCheckouts";

  private CheckoutJob() {}

  /** Whether a purchase's account is blocked: such purchases are rejected. */
  public static boolean isBlocked(ShopEvent purchase) {
    return purchase.userId % 17 == 0;
  }

  /**
   * One line {@code orderId,userId,priceCents} per purchase of an account that is not blocked,
   * after the fraud hold.
   */
  public static DataStream<String> checkouts(DataStream<ShopEvent> events, Duration fraudHold) {
    return events
        .filter(event -> event.type == EventType.PURCHASE)
        .name("Purchases only")
        .map(purchase -> new Checkout(purchase, System.currentTimeMillis()))
        .name("Enter checkout")
        .process(new Validate())
        .name("Validate")
        .keyBy(checkout -> checkout.purchase.category)
        .process(new FraudHold(fraudHold))
        .name("Fraud hold")
        .map(new ToLine())
        .name("To line");
  }

  /** Drops purchases of blocked accounts, and counts them. */
  static final class Validate extends ProcessFunction<Checkout, Checkout> {

    private static final long serialVersionUID = 1L;

    private transient Counter rejected;

    @Override
    public void open(OpenContext openContext) {
      rejected = getRuntimeContext().getMetricGroup().counter(REJECTED_METRIC);
    }

    @Override
    public void processElement(Checkout checkout, Context ctx, Collector<Checkout> out) {
      if (isBlocked(checkout.purchase)) {
        rejected.inc();
      } else {
        out.collect(checkout);
      }
    }
  }

  /** Holds every checkout for the fraud review's time, then lets it go. */
  static final class FraudHold extends KeyedProcessFunction<String, Checkout, Checkout> {

    private static final long serialVersionUID = 1L;

    private final long holdMillis;
    private transient ListState<Checkout> held;

    FraudHold(Duration hold) {
      this.holdMillis = hold.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
      held =
          getRuntimeContext()
              .getListState(new ListStateDescriptor<>("held", TypeInformation.of(Checkout.class)));
    }

    @Override
    public void processElement(Checkout checkout, Context ctx, Collector<Checkout> out)
        throws Exception {
      held.add(checkout);
      ctx.timerService().registerProcessingTimeTimer(checkout.enteredAtMillis + holdMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Checkout> out)
        throws Exception {
      List<Checkout> stillHeld = new ArrayList<>();
      for (Checkout checkout : held.get()) {
        if (checkout.enteredAtMillis + holdMillis <= timestamp) {
          out.collect(checkout);
        } else {
          stillHeld.add(checkout);
        }
      }
      held.update(stillHeld);
    }
  }

  /**
   * The line the sink writes; the last stage before the sink, so it measures how long each checkout
   * took from entering the job to leaving it: the end-to-end latency, waits included.
   */
  static final class ToLine extends RichMapFunction<Checkout, String> {

    private static final long serialVersionUID = 1L;

    private transient Histogram latency;

    @Override
    public void open(OpenContext openContext) {
      latency =
          getRuntimeContext()
              .getMetricGroup()
              .histogram(LATENCY_METRIC, new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public String map(Checkout checkout) {
      latency.update(System.currentTimeMillis() - checkout.enteredAtMillis);
      ShopEvent purchase = checkout.purchase;
      return purchase.eventId + "," + purchase.userId + "," + purchase.priceCents;
    }
  }

  /** Runs the job on the Web UI for about a minute; see the README's "Exercise 2". */
  public static void main(String[] args) throws Exception {
    Configuration config = new Configuration();
    config.setString(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    config.setString("metrics.reporter.prom.port", "9249-9259");
    StreamExecutionEnvironment env = StarterLauncher.environment(2, config);
    DataStream<String> lines =
        checkouts(
            ShopEvents.throttledStream(env, ShopEventGenerator.withSeed(4), 600_000, 10_000),
            Duration.ofSeconds(2));
    System.out.println(
        "Prometheus metrics: curl -s http://127.0.0.1:9249/metrics | grep -i checkout");
    StarterLauncher.run(env, "Chapter 2 - checkout metrics", lines);
  }
}
