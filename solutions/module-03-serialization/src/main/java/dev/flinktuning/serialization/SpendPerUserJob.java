package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Exercise 1, reference solution: what each user spends per 10 minutes of event time, with no Kryo
 * anywhere.
 *
 * <p>{@link OrderEvent} is now a record that Flink serializes itself. The job's configuration turns
 * generic types off: a type that would fall back to Kryo now stops the job from being built, with
 * the type's name, instead of slowing it down in silence.
 */
public final class SpendPerUserJob {

  /** The window size. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  private SpendPerUserJob() {}

  /**
   * The configuration the job runs with: no Kryo fallbacks. In a cluster's {@code config.yaml} this
   * is {@code pipeline.generic-types: false}.
   */
  public static Configuration configuration() {
    Configuration configuration = new Configuration();
    configuration.set(PipelineOptions.GENERIC_TYPES, false);
    return configuration;
  }

  /** The orders: one per shop event. */
  public static DataStream<OrderEvent> orders(DataStream<ShopEvent> events) {
    return events.map(OrderEvent::fromShopEvent).name("To orders");
  }

  /** The pipeline: orders in, one {@link UserSpend} per user and window out. */
  public static DataStream<UserSpend> spendPerUser(DataStream<OrderEvent> orders) {
    return orders
        .keyBy(OrderEvent::userId)
        .window(TumblingEventTimeWindows.of(WINDOW))
        .aggregate(new AddUpOrders(), new AttachUserAndWindow())
        .name("Spend per user");
  }

  /** Adds up a user's orders; the accumulator is a {@link UserSpend} without user and window. */
  static final class AddUpOrders implements AggregateFunction<OrderEvent, UserSpend, UserSpend> {

    @Override
    public UserSpend createAccumulator() {
      return new UserSpend();
    }

    @Override
    public UserSpend add(OrderEvent order, UserSpend spend) {
      spend.orders++;
      spend.spentCents += order.quantity() * order.priceCents();
      if (order.coupon().isPresent()) {
        spend.couponOrders++;
      }
      return spend;
    }

    @Override
    public UserSpend getResult(UserSpend spend) {
      return spend;
    }

    @Override
    public UserSpend merge(UserSpend a, UserSpend b) {
      a.orders += b.orders;
      a.spentCents += b.spentCents;
      a.couponOrders += b.couponOrders;
      return a;
    }
  }

  /** Adds the user and the window's start to a window's result. */
  static final class AttachUserAndWindow
      extends ProcessWindowFunction<UserSpend, UserSpend, Long, TimeWindow> {

    @Override
    public void process(
        Long userId, Context context, Iterable<UserSpend> results, Collector<UserSpend> out) {
      UserSpend spend = results.iterator().next();
      spend.userId = userId;
      spend.windowStart = context.window().getStart();
      out.collect(spend);
    }
  }

  /**
   * Runs the job on a local cluster with the Web UI (and its flame graphs) for about 40 seconds,
   * after printing the type Flink chose for {@link OrderEvent}.
   */
  public static void main(String[] args) throws Exception {
    System.out.println("Flink's type for OrderEvent: " + TypeInformation.of(OrderEvent.class));
    Configuration withFlameGraphs = new Configuration(configuration());
    withFlameGraphs.set(RestOptions.ENABLE_FLAMEGRAPH, true);
    StreamExecutionEnvironment env = StarterLauncher.environment(2, withFlameGraphs);
    ShopEventGenerator generator = ShopEventGenerator.withSeed(1).users(1_000);
    DataStream<ShopEvent> events = ShopEvents.throttledStream(env, generator, 2_000_000, 50_000);
    StarterLauncher.run(env, "Chapter 3, exercise 1: spend per user", spendPerUser(orders(events)));
  }
}
