package dev.flinktuning.state;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Anonymous visitors: the shop's traffic as a web shop sees it before anyone logs in.
 *
 * <p>About {@link #ONLINE} visitors are in the shop at any time. Each stays for {@link #STAY}
 * events (about a minute of event time), then leaves and never comes back; a new visitor, with a
 * new id, takes their place. So the number of different visitor ids grows with the input, without
 * end, while the number in the shop stays the same. In {@link ShopEvent#userId} the events carry
 * the visitor's id.
 */
public final class Visitors {

  /** Visitors in the shop at any time. */
  public static final int ONLINE = 50;

  /** Events (of all visitors) during which one visitor stays: 600 × 100 ms, one minute. */
  public static final int STAY = 600;

  private Visitors() {}

  /** The generator behind the visits: one event every 100 ms of event time. */
  public static ShopEventGenerator generator(long seed) {
    return ShopEventGenerator.withSeed(seed).users(ONLINE);
  }

  /**
   * Turns the shop's events into visitors' events, chained to the source:
   *
   * <pre>{@code
   * ShopEventGenerator generator = Visitors.generator(1);
   * DataStream<ShopEvent> visits = Visitors.of(ShopEvents.stream(env, generator, 100_000), generator);
   * }</pre>
   *
   * <p>The result carries a watermark after every event that moves event time on, instead of the
   * usual one every 200 ms of processing time. So an event-time timer fires at the same place in
   * the input on every run, however fast the machine: a check sees the same output every time.
   */
  public static DataStream<ShopEvent> of(
      DataStream<ShopEvent> shopEvents, ShopEventGenerator generator) {
    long outOfOrderness = generator.maxOutOfOrderness();
    // At the source's parallelism, so it chains to it and keeps each visitor's events in order.
    return shopEvents
        .map(Visitors::asVisitor)
        .setParallelism(shopEvents.getParallelism())
        .name("Visitors")
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<ShopEvent>forGenerator(
                    context -> new WatermarkAfterEveryEvent(outOfOrderness))
                .withTimestampAssigner((event, previous) -> event.timestamp))
        .setParallelism(shopEvents.getParallelism())
        .name("Watermark after every event");
  }

  /** The same events in plain Java, for an oracle. */
  public static List<ShopEvent> generate(ShopEventGenerator generator, long count) {
    return generator.generate(count).stream().map(Visitors::asVisitor).toList();
  }

  /** Emits the bounded-out-of-orderness watermark after each event, not on a timer. */
  private static final class WatermarkAfterEveryEvent implements WatermarkGenerator<ShopEvent> {

    private final long outOfOrderness;
    private long maxTimestamp = Long.MIN_VALUE;

    WatermarkAfterEveryEvent(long outOfOrderness) {
      this.outOfOrderness = outOfOrderness;
    }

    @Override
    public void onEvent(ShopEvent event, long timestamp, WatermarkOutput output) {
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp;
        output.emitWatermark(new Watermark(maxTimestamp - outOfOrderness - 1));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  /**
   * Replaces the event's user (one of {@link #ONLINE} places in the shop) with the visitor who
   * holds that place at that moment. Places change hands at different moments, so visitors come and
   * go all the time, not all at once.
   */
  public static ShopEvent asVisitor(ShopEvent event) {
    long place = event.userId;
    long offset = place * STAY / ONLINE;
    long generation = (event.eventId + offset) / STAY;
    return new ShopEvent(
        event.eventId,
        generation * ONLINE + place,
        event.itemId,
        event.category,
        event.type,
        event.priceCents,
        event.timestamp);
  }
}
