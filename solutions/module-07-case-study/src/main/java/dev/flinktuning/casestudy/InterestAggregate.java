package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ShopEvent;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Adds each event to its user's interest vector as it arrives: a window holds ten numbers, however
 * many events fall into it.
 */
public class InterestAggregate implements AggregateFunction<ShopEvent, long[], long[]> {

  @Override
  public long[] createAccumulator() {
    return new long[Scoring.categories()];
  }

  @Override
  public long[] add(ShopEvent event, long[] interest) {
    interest[Scoring.categoryIndex(event.category)] += Scoring.weightOf(event.type);
    return interest;
  }

  @Override
  public long[] getResult(long[] interest) {
    return interest;
  }

  @Override
  public long[] merge(long[] a, long[] b) {
    for (int c = 0; c < a.length; c++) {
      a[c] += b[c];
    }
    return a;
  }

  /** Puts the user and the window's end on the window's single result. */
  public static class TagWithWindow
      extends ProcessWindowFunction<long[], UserInterest, Long, TimeWindow> {
    @Override
    public void process(
        Long userId, Context context, Iterable<long[]> interest, Collector<UserInterest> out) {
      out.collect(new UserInterest(userId, context.window().getEnd(), interest.iterator().next()));
    }
  }
}
