package dev.flinktuning.memory;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Drops an activity equal to the one just before it: a client that retried a request sends the same
 * line twice in a row. It keeps a reference to the previous input: the kind of function that object
 * reuse ({@code pipeline.object-reuse: true}) breaks if the function before it returns the same
 * object every time. You need not change it.
 */
public class DropRetries implements FlatMapFunction<Activity, Activity> {

  private static final long serialVersionUID = 1L;

  private Activity previous;

  @Override
  public void flatMap(Activity activity, Collector<Activity> out) {
    if (!activity.equals(previous)) {
      out.collect(activity);
    }
    previous = activity;
  }
}
