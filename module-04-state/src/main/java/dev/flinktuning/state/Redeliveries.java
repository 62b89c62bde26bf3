package dev.flinktuning.state;

import dev.flinktuning.support.data.ShopEvent;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * At-least-once delivery: the event collector sends one event in {@link #EVERY} twice, as a
 * collector does when an acknowledgement times out and it sends again.
 */
public final class Redeliveries {

  /** One event in this many arrives twice. */
  public static final int EVERY = 10;

  private Redeliveries() {}

  /** The shop's events as the collector delivers them, in a flatMap chained to the source. */
  public static DataStream<ShopEvent> of(DataStream<ShopEvent> shopEvents) {
    return shopEvents
        .flatMap(Redeliveries::deliver)
        .returns(ShopEvent.class)
        .setParallelism(shopEvents.getParallelism())
        .name("Collector (at least once)");
  }

  private static void deliver(ShopEvent event, Collector<ShopEvent> out) {
    out.collect(event);
    if (event.eventId % EVERY == 0) {
      out.collect(event);
    }
  }
}
