package dev.flinktuning.support.data;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink sources of {@link ShopEvent}s, built on Flink 2.x's {@link DataGeneratorSource}.
 *
 * <p>Each source runs as one subtask, so event time advances in order, as in one partition of a
 * topic. (Split over several subtasks, a generator gives each a different stretch of the sequence,
 * hours of event time apart, and the slowest holds the watermark back for all.) The operators after
 * it run at the job's parallelism.
 */
public final class ShopEvents {

  private ShopEvents() {}

  /** Events {@code 0 .. count-1}, as fast as the job takes them; the stream ends after them. */
  public static DataStream<ShopEvent> stream(
      StreamExecutionEnvironment env, ShopEventGenerator generator, long count) {
    return fromSource(env, generator, source(generator, count, RateLimiterStrategy.noOp()));
  }

  /**
   * Events {@code 0 .. count-1} at about {@code eventsPerSecond} in all; for starters that a
   * learner watches in the Web UI.
   */
  public static DataStream<ShopEvent> throttledStream(
      StreamExecutionEnvironment env,
      ShopEventGenerator generator,
      long count,
      double eventsPerSecond) {
    return fromSource(
        env, generator, source(generator, count, RateLimiterStrategy.perSecond(eventsPerSecond)));
  }

  /**
   * Events {@code 0 .. count-1}, then nothing, without ending: the job keeps running with its
   * windows open until it is cancelled. Graded checks use it to snapshot the state a known input
   * builds.
   */
  public static DataStream<ShopEvent> streamThenHold(
      StreamExecutionEnvironment env, ShopEventGenerator generator, long count) {
    DataGeneratorSource<ShopEvent> source =
        source(generator, Long.MAX_VALUE, new HoldingRateLimiterStrategy(count));
    return fromSource(env, generator, source);
  }

  /**
   * The same source as {@link #stream}{@code (env, generator, count)}, but it holds after the first
   * {@code holdAfter} events without ending. A job built on it can be stopped with a savepoint and
   * resumed by the same job built on {@link #stream}, which goes on from event {@code holdAfter}.
   */
  public static DataStream<ShopEvent> streamHoldingAfter(
      StreamExecutionEnvironment env, ShopEventGenerator generator, long count, long holdAfter) {
    return fromSource(
        env, generator, source(generator, count, new HoldingRateLimiterStrategy(holdAfter)));
  }

  /** Event-time timestamps from {@link ShopEvent#timestamp}, allowing the generator's lateness. */
  public static WatermarkStrategy<ShopEvent> watermarks(ShopEventGenerator generator) {
    return WatermarkStrategy.<ShopEvent>forBoundedOutOfOrderness(
            Duration.ofMillis(generator.maxOutOfOrderness()))
        .withTimestampAssigner((event, previous) -> event.timestamp);
  }

  private static DataGeneratorSource<ShopEvent> source(
      ShopEventGenerator generator, long count, RateLimiterStrategy<?> rateLimit) {
    return new DataGeneratorSource<>(
        generator, count, rateLimit, TypeInformation.of(ShopEvent.class));
  }

  private static DataStreamSource<ShopEvent> fromSource(
      StreamExecutionEnvironment env,
      ShopEventGenerator generator,
      DataGeneratorSource<ShopEvent> source) {
    return env.fromSource(source, watermarks(generator), "Shop events").setParallelism(1);
  }
}
