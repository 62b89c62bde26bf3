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
import org.apache.flink.api.common.serialization.SerializerConfig;
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
import org.openjdk.jmh.annotations.Param;
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

  /** The shapes of the order line, each with the serializer Flink would use for it. */
  enum Shape {
    STARTER("the starter's shape: immutable, UUID, Optional") {
      @Override
      Shipped<?> ship() {
        return new Shipped<>(
            OrderShapes.Immutable::new, flinkSerializer(OrderShapes.Immutable.class));
      }
    },
    POJO_THROUGH_KRYO("POJO, UUID as two longs, forced through Kryo") {
      @Override
      Shipped<?> ship() {
        return new Shipped<>(
            OrderShapes.Pojo::new, new KryoSerializer<>(OrderShapes.Pojo.class, config()));
      }
    },
    POJO("POJO, UUID as two longs") {
      @Override
      Shipped<?> ship() {
        return new Shipped<>(OrderShapes.Pojo::new, flinkSerializer(OrderShapes.Pojo.class));
      }
    },
    RECORD("record, UUID as two longs") {
      @Override
      Shipped<?> ship() {
        return new Shipped<>(OrderShapes.Record::of, flinkSerializer(OrderShapes.Record.class));
      }
    },
    RECORD_WITH_UUID("record, UUID with UuidTypeInfoFactory") {
      @Override
      Shipped<?> ship() {
        return new Shipped<>(
            OrderShapes.RecordWithUuid::of, flinkSerializer(OrderShapes.RecordWithUuid.class));
      }
    },
    TUPLE("Tuple8, UUID as two longs") {
      @Override
      Shipped<?> ship() {
        return new Shipped<>(
            OrderShapes::tuple,
            TypeInformation.of(
                    new TypeHint<Tuple8<Long, Long, Long, Long, Integer, Long, String, Long>>() {})
                .createSerializer(config()));
      }
    },
    YOUR_ORDER_EVENT("your OrderEvent (with -Psolution: the reference's)") {
      @Override
      Shipped<?> ship() {
        return new Shipped<>(OrderEvent::fromShopEvent, flinkSerializer(OrderEvent.class));
      }
    };

    final String label;

    Shape(String label) {
      this.label = label;
    }

    /** The records in this shape, and their serializer. */
    abstract Shipped<?> ship();

    private static SerializerConfig config() {
      return new ExecutionConfig().getSerializerConfig();
    }

    private static <T> TypeSerializer<T> flinkSerializer(Class<T> type) {
      return TypeInformation.of(type).createSerializer(config());
    }
  }

  /** Records of one shape and their serializer, with the buffers a round trip needs. */
  static final class Shipped<T> {
    final List<T> records;
    final TypeSerializer<T> serializer;
    private final DataOutputSerializer out = new DataOutputSerializer(128 * RECORDS);
    private final DataInputDeserializer in = new DataInputDeserializer();

    Shipped(Function<ShopEvent, T> shape, TypeSerializer<T> serializer) {
      this.records =
          ShopEventGenerator.withSeed(3).users(1_000).generate(RECORDS).stream()
              .map(shape)
              .toList();
      this.serializer = serializer;
    }

    /** Writes every record and reads them all back; returns the last, so none is dead code. */
    T roundTrip() throws IOException {
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

    /** Mean bytes per record as the serializer writes it. */
    double bytesPerRecord() throws IOException {
      out.clear();
      for (T record : records) {
        serializer.serialize(record, out);
      }
      return out.length() / (double) records.size();
    }
  }

  /** The shape under test; JMH runs each in a JVM of its own. */
  @State(Scope.Thread)
  public static class Records {
    @Param({
      "STARTER",
      "POJO_THROUGH_KRYO",
      "POJO",
      "RECORD",
      "RECORD_WITH_UUID",
      "TUPLE",
      "YOUR_ORDER_EVENT"
    })
    public String shape;

    Shipped<?> shipped;

    @Setup
    public void setUp() {
      shipped = Shape.valueOf(shape).ship();
    }
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

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Object roundTrip(Records records, CpuTime cpu) throws IOException {
    long start = CpuTime.THREADS.getCurrentThreadCpuTime();
    Object last = records.shipped.roundTrip();
    cpu.cpuNanos += CpuTime.THREADS.getCurrentThreadCpuTime() - start;
    cpu.records += RECORDS;
    return last;
  }
}
