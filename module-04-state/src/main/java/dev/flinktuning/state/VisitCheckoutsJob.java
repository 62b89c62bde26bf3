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
 * Exercise 2: how far into a visit people buy.
 *
 * <p>For every purchase, it emits when the visitor's visit started and how many events the visit
 * had before the purchase. A visit ends after {@link #VISIT_GAP} of event time without an event
 * from the visitor; the visitor's next event starts a new visit. The output is right, but the job
 * keeps a {@link Visit} in state for every visitor it has ever seen. Visitors are anonymous and
 * never come back (see {@link Visitors}), so the state grows for as long as the job runs.
 *
 * <p><b>Your task:</b> change {@link VisitTracker} so a visitor's state goes once the visit is
 * over, and the output stays exactly the same. See the chapter README, "Exercise 2".
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

  /** Follows each visitor's visit, event by event. */
  static final class VisitTracker extends KeyedProcessFunction<Long, ShopEvent, Checkout> {

    private transient ValueState<Visit> visit;

    @Override
    public void open(OpenContext context) {
      visit = getRuntimeContext().getState(new ValueStateDescriptor<>("visit", Visit.class));
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<Checkout> out)
        throws Exception {
      Visit current = visit.value();
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
