package dev.flinktuning.principles;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Counting per window, incrementally, as exercise 1 teaches: {@link #count()} keeps one number per
 * window, {@link #attachItemAndWindow()} adds the item and the window's bounds at the end. Used by
 * exercises 2 and 3, whose lessons are elsewhere.
 */
public final class CountPerItemAndWindow {

  private CountPerItemAndWindow() {}

  /** Counts the records of a window. */
  public static <T> AggregateFunction<T, Long, Long> count() {
    return new Count<>();
  }

  /** Turns a window's count into an {@link ItemCount}; the key is the item id. */
  public static ProcessWindowFunction<Long, ItemCount, Long, TimeWindow> attachItemAndWindow() {
    return new AttachItemAndWindow();
  }

  private static final class Count<T> implements AggregateFunction<T, Long, Long> {

    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(T record, Long count) {
      return count + 1;
    }

    @Override
    public Long getResult(Long count) {
      return count;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  private static final class AttachItemAndWindow
      extends ProcessWindowFunction<Long, ItemCount, Long, TimeWindow> {

    @Override
    public void process(
        Long itemId, Context context, Iterable<Long> counts, Collector<ItemCount> out) {
      TimeWindow window = context.window();
      out.collect(
          new ItemCount(itemId, window.getStart(), window.getEnd(), counts.iterator().next()));
    }
  }
}
