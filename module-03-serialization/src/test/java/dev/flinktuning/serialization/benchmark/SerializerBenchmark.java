package dev.flinktuning.serialization.benchmark;

import dev.flinktuning.serialization.OrderEvent;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple8;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flink 2.2's serializers on the same order lines in different shapes: each operation writes one
 * record with the serializer Flink would use and reads it back, as a shuffle does between two
 * tasks. Run it with {@link SerializerBenchmarks}, which prints the table.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializerBenchmark {

  /** Records per invocation: about two network buffers' worth. */
  static final int RECORDS = 1_000;

  /** The same shop events for every shape. */
  static List<ShopEvent> events() {
    return ShopEventGenerator.withSeed(3).users(1_000).generate(RECORDS);
  }

  static ExecutionConfig config() {
    return new ExecutionConfig();
  }

  /**
   * The benchmark thread's CPU time and the records it handled, per iteration. Unlike the wall
   * clock, CPU time does not count the time the thread waited for a core, so a busy machine
   * disturbs it far less.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long records;
    public long cpuNanos;

    @Setup(Level.Iteration)
    public void reset() {
      records = 0;
      cpuNanos = 0;
    }
  }

  /** Records of one shape and the serializer for them, with the buffers a round trip needs. */
  public abstract static class Shipped<T> {
    List<T> records;
    TypeSerializer<T> serializer;
    private final DataOutputSerializer out = new DataOutputSerializer(128 * RECORDS);
    private final DataInputDeserializer in = new DataInputDeserializer();

    /** Makes the records and the serializer; JMH calls it before measuring. */
    public abstract void setUp();

    void use(Function<ShopEvent, T> shape, TypeSerializer<T> serializer) {
      this.records = events().stream().map(shape).toList();
      this.serializer = serializer;
    }

    /** Writes every record and reads them all back; returns the last, so none is dead code. */
    T roundTrip(CpuTime cpu) throws IOException {
      long start = CpuTime.THREADS.getCurrentThreadCpuTime();
      T last = roundTrip();
      cpu.cpuNanos += CpuTime.THREADS.getCurrentThreadCpuTime() - start;
      cpu.records += RECORDS;
      return last;
    }

    private T roundTrip() throws IOException {
      out.clear();
      for (T record : records) {
        serializer.serialize(record, out);
      }
      in.setBuffer(out.getSharedBuffer(), 0, out.length());
      T last = null;
      for (int i = 0; i < RECORDS; i++) {
        last = serializer.deserialize(in);
      }
      return last;
    }
  }

  @State(Scope.Thread)
  public static class StarterShape extends Shipped<OrderShapes.Immutable> {
    @Setup
    @Override
    public void setUp() {
      use(
          OrderShapes.Immutable::new,
          TypeInformation.of(OrderShapes.Immutable.class)
              .createSerializer(config().getSerializerConfig()));
    }
  }

  @State(Scope.Thread)
  public static class PojoThroughKryo extends Shipped<OrderShapes.Pojo> {
    @Setup
    @Override
    public void setUp() {
      use(
          OrderShapes.Pojo::new,
          new KryoSerializer<>(OrderShapes.Pojo.class, config().getSerializerConfig()));
    }
  }

  @State(Scope.Thread)
  public static class Pojo extends Shipped<OrderShapes.Pojo> {
    @Setup
    @Override
    public void setUp() {
      use(
          OrderShapes.Pojo::new,
          TypeInformation.of(OrderShapes.Pojo.class)
              .createSerializer(config().getSerializerConfig()));
    }
  }

  @State(Scope.Thread)
  public static class Record extends Shipped<OrderShapes.Record> {
    @Setup
    @Override
    public void setUp() {
      use(
          OrderShapes.Record::of,
          TypeInformation.of(OrderShapes.Record.class)
              .createSerializer(config().getSerializerConfig()));
    }
  }

  @State(Scope.Thread)
  public static class RecordWithUuid extends Shipped<OrderShapes.RecordWithUuid> {
    @Setup
    @Override
    public void setUp() {
      use(
          OrderShapes.RecordWithUuid::of,
          TypeInformation.of(OrderShapes.RecordWithUuid.class)
              .createSerializer(config().getSerializerConfig()));
    }
  }

  @State(Scope.Thread)
  public static class Tuple
      extends Shipped<Tuple8<Long, Long, Long, Long, Integer, Long, String, Long>> {
    @Setup
    @Override
    public void setUp() {
      use(
          OrderShapes::tuple,
          TypeInformation.of(
                  new TypeHint<Tuple8<Long, Long, Long, Long, Integer, Long, String, Long>>() {})
              .createSerializer(config().getSerializerConfig()));
    }
  }

  /** The chapter's {@code OrderEvent} as it is now: the starter's, yours, or the reference's. */
  @State(Scope.Thread)
  public static class YourOrderEvent extends Shipped<OrderEvent> {
    @Setup
    @Override
    public void setUp() {
      use(
          OrderEvent::fromShopEvent,
          TypeInformation.of(OrderEvent.class).createSerializer(config().getSerializerConfig()));
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Object starterShapeKryo(StarterShape state, CpuTime cpu) throws IOException {
    return state.roundTrip(cpu);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Object pojoThroughKryo(PojoThroughKryo state, CpuTime cpu) throws IOException {
    return state.roundTrip(cpu);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Object pojo(Pojo state, CpuTime cpu) throws IOException {
    return state.roundTrip(cpu);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Object record(Record state, CpuTime cpu) throws IOException {
    return state.roundTrip(cpu);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Object recordWithUuid(RecordWithUuid state, CpuTime cpu) throws IOException {
    return state.roundTrip(cpu);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Object tuple(Tuple state, CpuTime cpu) throws IOException {
    return state.roundTrip(cpu);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Object yourOrderEvent(YourOrderEvent state, CpuTime cpu) throws IOException {
    return state.roundTrip(cpu);
  }
}
