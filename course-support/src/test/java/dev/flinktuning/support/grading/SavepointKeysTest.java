package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.SavepointKeys.StateKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JobRun's savepoints, watermarks and metrics; SavepointKeys")
class SavepointKeysTest {

  /** Two slots for the job, one for the batch job that reads its savepoint. */
  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(3);

  private static final ShopEventGenerator GENERATOR = ShopEventGenerator.withSeed(3);
  private static final int EVENTS = 2_000;
  private static final long KEYS = 50;

  @TempDir Path savepoints;

  @Test
  @DisplayName("counts the keys of each state of an operator in a savepoint of a running job")
  void countsKeysPerState() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<Long> sink = new CollectingSink<>();
    ShopEvents.streamThenHold(env, GENERATOR, EVENTS)
        .keyBy(event -> event.itemId % KEYS)
        .process(new ThreeStates())
        .uid("three-states")
        .sinkTo(sink);

    try (JobRun run = CLUSTER.start(env)) {
      run.awaitSourceRecords(EVENTS);
      long lastEventTime = GENERATOR.map((long) EVENTS - 1).timestamp;
      run.awaitInputWatermark(lastEventTime - GENERATOR.maxOutOfOrderness() - 1);
      assertThat(run.sumOfGauges(".*\\.currentInputWatermark"))
          .isGreaterThan(lastEventTime - GENERATOR.maxOutOfOrderness() - 1);

      String savepoint = run.savepointNow(savepoints);
      assertThat(Files.exists(Path.of(java.net.URI.create(savepoint)))).isTrue();

      SavepointKeys keys =
          SavepointKeys.read(CLUSTER.environment(1), savepoint, "three-states", Types.LONG);
      assertThat(keys.distinctKeys()).isEqualTo(KEYS);
      assertThat(keys.states())
          .containsExactlyInAnyOrder(
              new StateKeys("count", "VALUE", KEYS),
              new StateKeys("even-items", "LIST", KEYS / 2),
              new StateKeys("per-type", "MAP", KEYS));
      assertThat(keys.describe()).contains("state 'even-items' (LIST): 25 keys");

      assertThatThrownBy(
              () -> SavepointKeys.read(CLUSTER.environment(1), savepoint, "no-such", Types.LONG))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no operator with uid 'no-such'");
    } finally {
      sink.clear();
    }
  }

  @Test
  @DisplayName("counts state with a TTL; says what a missing metric means")
  void ttlStateAndMissingMetric() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(1);
    CollectingSink<Long> sink = new CollectingSink<>();
    ShopEvents.streamThenHold(env, GENERATOR, EVENTS)
        .keyBy(event -> event.itemId % KEYS)
        .process(new CountWithTtl())
        .uid("ttl")
        .sinkTo(sink);

    try (JobRun run = CLUSTER.start(env)) {
      run.awaitSourceRecords(EVENTS);
      String savepoint = run.savepointNow(savepoints);
      SavepointKeys keys = SavepointKeys.read(CLUSTER.environment(1), savepoint, "ttl", Types.LONG);
      assertThat(keys.distinctKeys()).isEqualTo(KEYS);

      assertThatThrownBy(() -> run.sumOfGauges(".*\\.rocksdb\\.bytes_written"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no numeric gauge matching");
    } finally {
      sink.clear();
    }
  }

  /** A count per key, the even item ids per key, and a count per event type. */
  static final class ThreeStates extends KeyedProcessFunction<Long, ShopEvent, Long> {
    private transient ValueState<Long> count;
    private transient ListState<Long> evenItems;
    private transient MapState<String, Long> perType;

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
      evenItems =
          getRuntimeContext().getListState(new ListStateDescriptor<>("even-items", Types.LONG));
      perType =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("per-type", Types.STRING, Types.LONG));
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<Long> out)
        throws Exception {
      Long n = count.value();
      count.update(n == null ? 1 : n + 1);
      if (context.getCurrentKey() % 2 == 0) {
        evenItems.add(event.itemId);
      }
      Long ofType = perType.get(event.type.name());
      perType.put(event.type.name(), ofType == null ? 1 : ofType + 1);
    }
  }

  /** A count per key, with a TTL long enough that nothing expires during the test. */
  static final class CountWithTtl extends KeyedProcessFunction<Long, ShopEvent, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("count", Types.LONG);
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofHours(1)).build());
      count = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<Long> out)
        throws Exception {
      Long n = count.value();
      count.update(n == null ? 1 : n + 1);
    }
  }
}
