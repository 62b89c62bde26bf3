package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.JobShape.Edge;
import dev.flinktuning.support.grading.JobShape.Vertex;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("GradingCluster, JobRun, JobShape, TaskIo, CheckpointSize")
class GradingClusterTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  private static final ShopEventGenerator GENERATOR = ShopEventGenerator.withSeed(1);

  @Test
  @DisplayName("runs a job, collects its output and reads its shape and task I/O")
  void shapeAndTaskIo() throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<Long> sink = new CollectingSink<>();
    ShopEvents.stream(env, GENERATOR, 1_000)
        .keyBy(event -> event.itemId % 10)
        .map(event -> event.itemId)
        .sinkTo(sink);

    JobRun run = CLUSTER.run(env);

    assertThat(sink.results()).hasSize(1_000);
    assertThat(run.shape().vertices()).hasSize(2);
    assertThat(run.shape().edges()).extracting(Edge::shipStrategy).containsExactly("HASH");
    Vertex source = run.shape().sources().get(0);
    assertThat(source.parallelism()).isEqualTo(1);
    TaskIo io = run.taskIo();
    assertThat(io.recordsOut(source)).isEqualTo(1_000);
    assertThat(io.recordsSentBetweenTasks()).isEqualTo(1_000);
    // A ShopEvent as Flink's PojoSerializer writes it: five longs, a category, a type, flags.
    assertThat(io.bytesSentBetweenTasks()).isBetween(50_000L, 100_000L);
    assertThat(io.describeBytesSent()).contains("--HASH-->").contains("1,000 records");
    assertThat(io.describeBytesSent()).contains("--HASH-->").contains("1,000 records");
    assertThat(io.recordsIn(io.busiestReceiver())).isEqualTo(1_000);
    assertThat(io.subtasks(io.busiestReceiver())).hasSize(2);
    sink.clear();
  }

  @Test
  @DisplayName("checkpoints a held job: its keyed state holds what the records built")
  void checkpointOfHeldJob() throws Exception {
    long small = keyedStateAfter(100);
    long large = keyedStateAfter(2_000);
    assertThat(small).isPositive();
    assertThat(large).isGreaterThan(small);
  }

  private static long keyedStateAfter(int events) throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<ShopEvent> sink = new CollectingSink<>();
    ShopEvents.streamThenHold(env, GENERATOR, events)
        .keyBy(event -> event.eventId)
        .map(new RememberEvent())
        .sinkTo(sink);
    try (JobRun run = CLUSTER.start(env)) {
      run.awaitSourceRecords(events);
      CheckpointSize checkpoint = run.checkpointNow();
      assertThat(checkpoint.stateSize())
          .isGreaterThanOrEqualTo(checkpoint.stateSizeAfterSources(run.shape()));
      return checkpoint.stateSizeAfterSources(run.shape());
    } finally {
      sink.clear();
    }
  }

  /** Keeps each event in keyed state. */
  static final class RememberEvent extends RichMapFunction<ShopEvent, ShopEvent> {
    private transient ValueState<ShopEvent> last;

    @Override
    public void open(OpenContext context) {
      last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", ShopEvent.class));
    }

    @Override
    public ShopEvent map(ShopEvent event) throws Exception {
      last.update(event);
      return event;
    }
  }
}
