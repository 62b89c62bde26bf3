package dev.flinktuning.casestudy;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The hour's interest of a user, added up from its twelve 5-minute panes: what the 1-hour window
 * sliding by 5 minutes gives, with each event folded into state once (into its pane) instead of
 * once per window it falls in (twelve times).
 *
 * <p>A pane that ends at {@code p} belongs to the twelve hours that end at {@code p}, {@code p + 5
 * min}, ..., {@code p + 55 min}. Each pane sets an event-time timer at the end of each of them
 * (Flink keeps one timer per key and time, however often it is set); a timer adds up the panes of
 * its hour, emits the sum as the window's result, and drops the pane that no later hour needs.
 */
public class HourOfPanes extends KeyedProcessFunction<Long, UserInterest, UserInterest> {

  /** The slide of the sliding window, and the length of a pane. */
  public static final Duration PANE = Duration.ofMinutes(5);

  /** The length of the sliding window. */
  public static final Duration HOUR = Duration.ofHours(1);

  private static final long PANE_MILLIS = PANE.toMillis();
  private static final long HOUR_MILLIS = HOUR.toMillis();

  /** The user's panes that a window still to come needs: the pane's end to its interest. */
  private transient MapState<Long, long[]> panes;

  @Override
  public void open(OpenContext openContext) {
    panes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "panes", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  @Override
  public void processElement(UserInterest pane, Context context, Collector<UserInterest> out)
      throws Exception {
    panes.put(pane.windowEnd, pane.interest);
    for (long hourEnd = pane.windowEnd;
        hourEnd < pane.windowEnd + HOUR_MILLIS;
        hourEnd += PANE_MILLIS) {
      // A window's result carries its last millisecond as its time, as Flink's windows do.
      context.timerService().registerEventTimeTimer(hourEnd - 1);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<UserInterest> out)
      throws Exception {
    long hourEnd = timestamp + 1;
    long[] interest = new long[Scoring.categories()];
    Iterator<Map.Entry<Long, long[]>> entries = panes.iterator();
    while (entries.hasNext()) {
      Map.Entry<Long, long[]> entry = entries.next();
      long paneEnd = entry.getKey();
      if (paneEnd > hourEnd - HOUR_MILLIS && paneEnd <= hourEnd) {
        long[] paneInterest = entry.getValue();
        for (int c = 0; c < interest.length; c++) {
          interest[c] += paneInterest[c];
        }
      }
      if (paneEnd <= hourEnd + PANE_MILLIS - HOUR_MILLIS) {
        // The next hour starts after this pane: no window to come needs it.
        entries.remove();
      }
    }
    out.collect(new UserInterest(context.getCurrentKey(), hourEnd, interest));
  }
}
