package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 2, reference solution: how far into a visit people buy, with state that ends with the
 * visit.
 *
 * <p>For every purchase, it emits when the visitor's visit started and how many events the visit
 * had before the purchase. A visit ends after {@link #VISIT_GAP} of event time without an event
 * from the visitor. An event-time timer at the end of each visit clears the visitor's state, so the
 * job keeps state for the visits in progress only, not for every visitor it has seen.
 */
public final class VisitCheckoutsJob {

  /** A visit is over after this much event time without an event from the visitor. */
  public static final Duration VISIT_GAP = Duration.ofSeconds(30);

  /** The uid of the operator that keeps the visits; a savepoint names its state by it. */
  public static final String VISITS_UID = "visits";

  private VisitCheckoutsJob() {}

  /** The pipeline: visitors' events in, one {@link Checkout} per purchase out. */
  public static DataStream<Checkout> checkouts(DataStream<ShopEvent> events) {
    return events
        .keyBy(event -> event.userId)
        .process(new VisitTracker())
        .uid(VISITS_UID)
        .name("Visits");
  }

  /**
   * Follows each visitor's visit, event by event, and forgets it when it is over: an event-time
   * timer at the visit's last event plus {@link #VISIT_GAP} clears the state, unless a later event
   * has moved the visit's end on.
   */
  static final class VisitTracker extends KeyedProcessFunction<Long, ShopEvent, Checkout> {

    private static final long NO_TIMER = Long.MIN_VALUE;

    private transient ValueState<Visit> visit;

    @Override
    public void open(OpenContext context) {
      visit = getRuntimeContext().getState(new ValueStateDescriptor<>("visit", Visit.class));
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<Checkout> out)
        throws Exception {
      Visit current = visit.value();
      long endBefore = current == null ? NO_TIMER : visitEnd(current);
      if (current == null || event.timestamp > current.lastSeen + VISIT_GAP.toMillis()) {
        current = new Visit(event.timestamp, event.timestamp, 0);
      }
      if (event.type == EventType.PURCHASE) {
        out.collect(
            new Checkout(
                event.userId,
                event.itemId,
                event.timestamp,
                Math.min(current.start, event.timestamp),
                current.events));
      }
      current.start = Math.min(current.start, event.timestamp);
      current.lastSeen = Math.max(current.lastSeen, event.timestamp);
      current.events++;
      visit.update(current);

      // One timer per visitor, at the end of its visit as it stands now.
      long end = visitEnd(current);
      if (end != endBefore) {
        if (endBefore != NO_TIMER) {
          context.timerService().deleteEventTimeTimer(endBefore);
        }
        context.timerService().registerEventTimeTimer(end);
      }
    }

    /**
     * The watermark has passed the visit's end: every event the visitor sends from now on is more
     * than {@link #VISIT_GAP} after the last one, and starts a new visit. So the state can go.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Checkout> out) {
      visit.clear();
    }

    /** The last moment of event time at which an event still belongs to the visit. */
    private static long visitEnd(Visit visit) {
      return visit.lastSeen + VISIT_GAP.toMillis();
    }
  }

  /**
   * Runs the job on a local cluster with the Web UI: about 40 seconds of visits, with a checkpoint
   * every 5 seconds so the Web UI's Checkpoints tab shows the state growing.
   */
  public static void main(String[] args) throws Exception {
    Configuration config = new Configuration();
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(5));
    StreamExecutionEnvironment env = StarterLauncher.environment(2, config);
    ShopEventGenerator generator = Visitors.generator(7);
    DataStream<ShopEvent> events =
        Visitors.of(ShopEvents.throttledStream(env, generator, 400_000, 10_000), generator);
    StarterLauncher.run(env, "Chapter 4, exercise 2: visits and checkouts", checkouts(events));
  }
}
