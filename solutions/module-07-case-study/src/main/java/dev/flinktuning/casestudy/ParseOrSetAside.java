package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ShopEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reads each line of the topic as a {@link ShopEvent}. A line that is not one is counted (metric
 * {@code rejectedLines}) and sent to the side output {@link #REJECTED}, with the reason; the job
 * goes on.
 */
public class ParseOrSetAside extends ProcessFunction<String, ShopEvent> {

  /** Lines that are not events, each with why it was rejected. */
  public static final OutputTag<String> REJECTED = new OutputTag<>("rejected-lines") {};

  private transient Counter rejected;

  @Override
  public void open(OpenContext openContext) {
    rejected = getRuntimeContext().getMetricGroup().counter("rejectedLines");
  }

  @Override
  public void processElement(String line, Context context, Collector<ShopEvent> out) {
    try {
      out.collect(ShopEvent.fromCsv(line));
    } catch (IllegalArgumentException e) {
      rejected.inc();
      context.output(REJECTED, e.getMessage());
    }
  }
}
