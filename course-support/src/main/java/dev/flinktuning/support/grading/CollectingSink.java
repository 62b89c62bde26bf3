package dev.flinktuning.support.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A Sink V2 that keeps everything a job emits, for a graded check to compare with its oracle.
 *
 * <pre>{@code
 * CollectingSink<CategoryStats> sink = CollectingSink.collect(CategoryStatsJob.hourlyStats(events));
 * CLUSTER.run(env);
 * OutputCheck.assertSameRecords("hourly stats", sink.results(), oracle);
 * }</pre>
 *
 * <p>{@link #collect} runs it at the parallelism of the operator before it, so it chains to it and
 * adds no vertex and no network edge to the job being measured. Each record crosses it through the
 * job's own serializer for the stream's type and comes back as a copy, as it would leave a real
 * job: a field the serializer drops is missing in {@link #results()}, and a job whose classes were
 * loaded afresh (a restored job, see {@link RestoreCheck}) hands back records of the test's own
 * classes.
 *
 * <p>It works on the course's MiniCluster, which runs in the test's own JVM; it is a test tool, not
 * a pattern for real jobs.
 */
public final class CollectingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private static final Map<String, ConcurrentLinkedQueue<Object>> RESULTS =
      new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final TypeSerializer<T> serializer;

  /** A sink that keeps the records themselves; prefer {@link #collect(DataStream)}. */
  public CollectingSink() {
    this(null);
  }

  private CollectingSink(TypeSerializer<T> serializer) {
    this.serializer = serializer;
    RESULTS.put(id, new ConcurrentLinkedQueue<>());
  }

  /**
   * Collects what {@code stream} emits: the sink chains to the stream's last operator, and records
   * cross it through the stream's serializer, built with the job's serializer configuration.
   */
  public static <T> CollectingSink<T> collect(DataStream<T> stream) {
    SerializerConfig serializerConfig =
        stream.getExecutionEnvironment().getConfig().getSerializerConfig();
    CollectingSink<T> sink =
        new CollectingSink<>(stream.getType().createSerializer(serializerConfig));
    stream.sinkTo(sink).name("Collect results (test)").setParallelism(stream.getParallelism());
    return sink;
  }

  /** What the job has emitted so far, in no particular order. */
  @SuppressWarnings("unchecked")
  public List<T> results() {
    List<T> results = new ArrayList<>();
    for (Object record : RESULTS.get(id)) {
      results.add(serializer == null ? (T) record : deserialize((byte[]) record));
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
    TypeSerializer<T> writerSerializer = serializer == null ? null : serializer.duplicate();
    DataOutputSerializer buffer = new DataOutputSerializer(256);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) throws IOException {
        if (writerSerializer == null) {
          queue.add(element);
          return;
        }
        buffer.clear();
        writerSerializer.serialize(element, buffer);
        queue.add(buffer.getCopyOfBuffer());
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }

  private T deserialize(byte[] bytes) {
    try {
      return serializer.deserialize(new DataInputDeserializer(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read back a collected record", e);
    }
  }
}
