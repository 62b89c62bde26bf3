package dev.flinktuning.checkpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink the check owns: it keeps what it receives (in this JVM, as the kit's CollectingSink does)
 * and, while {@link #throttle} is on, takes two milliseconds per record, like a slow external
 * system. The check turns the throttle off to let the job drain and finish.
 */
final class SlowSink implements Sink<String> {

  private static final long serialVersionUID = 1L;

  private static final Map<String, ConcurrentLinkedQueue<String>> RECEIVED =
      new ConcurrentHashMap<>();
  private static final Map<String, Boolean> THROTTLED = new ConcurrentHashMap<>();

  private final String name;

  SlowSink(String name) {
    this.name = name;
    RECEIVED.put(name, new ConcurrentLinkedQueue<>());
    THROTTLED.put(name, true);
  }

  /** Lets the sink take records as fast as they come. */
  void unthrottle() {
    THROTTLED.put(name, false);
  }

  List<String> received() {
    return new ArrayList<>(RECEIVED.get(name));
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) {
    ConcurrentLinkedQueue<String> received = RECEIVED.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(String element, Context context) throws InterruptedException {
        if (THROTTLED.getOrDefault(name, false)) {
          Thread.sleep(2);
        }
        received.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
