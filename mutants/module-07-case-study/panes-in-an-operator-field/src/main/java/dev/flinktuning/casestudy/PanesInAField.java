package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ShopEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Wrong route: folds each event into its 5-minute pane, in a field of the operator. */
public class PanesInAField extends KeyedProcessFunction<Long, ShopEvent, UserInterest> {

  private static final long PANE_MILLIS = HourOfPanes.PANE.toMillis();

  private final Map<Long, Map<Long, long[]>> panesByUser = new HashMap<>();

  @Override
  public void processElement(ShopEvent event, Context context, Collector<UserInterest> out) {
    long paneEnd = (context.timestamp() / PANE_MILLIS + 1) * PANE_MILLIS;
    long[] interest =
        panesByUser
            .computeIfAbsent(context.getCurrentKey(), user -> new HashMap<>())
            .computeIfAbsent(paneEnd, end -> new long[Scoring.categories()]);
    interest[Scoring.categoryIndex(event.category)] += Scoring.weightOf(event.type);
    context.timerService().registerEventTimeTimer(paneEnd - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<UserInterest> out) {
    Map<Long, long[]> panes = panesByUser.get(context.getCurrentKey());
    long[] interest = panes.remove(timestamp + 1);
    if (panes.isEmpty()) {
      panesByUser.remove(context.getCurrentKey());
    }
    out.collect(new UserInterest(context.getCurrentKey(), timestamp + 1, interest));
  }
}
