package dev.flinktuning.support.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Sink V2 that keeps everything a job emits, for a graded check to compare with its oracle.
 *
 * <p>It runs at the parallelism of the operator before it and chains to it, so it adds no vertex
 * and no network edge to the job being measured. It works on the course's MiniCluster, which runs
 * in the test's own JVM; it is a test tool, not a pattern for real jobs.
 */
public final class CollectingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private static final Map<String, ConcurrentLinkedQueue<Object>> RESULTS =
      new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public CollectingSink() {
    RESULTS.put(id, new ConcurrentLinkedQueue<>());
  }

  /** What the job has emitted so far, in no particular order. */
  @SuppressWarnings("unchecked")
  public List<T> results() {
    List<T> results = new ArrayList<>();
    for (Object record : RESULTS.get(id)) {
      results.add((T) record);
    }
    return results;
  }

  /** Forgets the results; call it when a check is done with them. */
  public void clear() {
    RESULTS.remove(id);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    ConcurrentLinkedQueue<Object> queue = RESULTS.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        queue.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
