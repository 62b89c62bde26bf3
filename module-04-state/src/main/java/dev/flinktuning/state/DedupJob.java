package dev.flinktuning.state;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 3b: drop the collector's repeated events, on large state.
 *
 * <p>The event collector delivers at least once (see {@link Redeliveries}). This job lets each
 * event id through once, and remembers every id it has let through for {@link #RETENTION}, because
 * after an outage the collector may send again hours later. Its state is one entry per event id.
 *
 * <p>In production it will see 5,000 events a second. Kept for 7 days, that is about 3 billion ids,
 * spread over 10 TaskManagers: 300 million ids on each. Each TaskManager has 4 GB of task heap and
 * 200 GB of local SSD.
 *
 * <p><b>Your task:</b> do not change this code. Choose the state backend in {@code
 * src/main/resources/dedup.yaml}. See the chapter README, "Exercise 3: choosing the state backend".
 */
public final class DedupJob {

  /** Where this job's configuration comes from, in {@code src/main/resources}. */
  public static final String CONFIGURATION = "dedup.yaml";

  /** How long an id is remembered. */
  public static final Duration RETENTION = Duration.ofDays(7);

  private DedupJob() {}

  /** The job's configuration: what you set in {@value #CONFIGURATION}. */
  public static Configuration configuration() {
    return JobConfiguration.fromResource(CONFIGURATION);
  }

  /** The pipeline: deliveries in, each event once out. */
  public static DataStream<ShopEvent> once(DataStream<ShopEvent> deliveries) {
    return deliveries
        .keyBy(event -> event.eventId)
        .process(new DropRepeats())
        .uid("dedup")
        .name("Drop repeats");
  }

  /** Lets an event id through the first time; remembers it for {@link #RETENTION}. */
  static final class DropRepeats extends KeyedProcessFunction<Long, ShopEvent, ShopEvent> {

    private transient ValueState<Boolean> seen;

    @Override
    public void open(OpenContext context) {
      ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
      // Retention is about the collector's retries, in wall-clock time: state TTL fits here.
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(RETENTION).build());
      seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<ShopEvent> out)
        throws Exception {
      if (seen.value() == null) {
        seen.update(true);
        out.collect(event);
      }
    }
  }

  /**
   * Runs the job on a local cluster with the Web UI, with the configuration of the file and a
   * checkpoint every 5 seconds: watch the state grow on the Checkpoints tab.
   */
  public static void main(String[] args) throws Exception {
    Configuration config = configuration();
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(5));
    // Without a checkpoint directory, Flink keeps checkpoints in the JobManager's memory, and
    // refuses a subtask's state over 5 MB; this job's state grows past that.
    Path checkpoints = Files.createTempDirectory("dedup-checkpoints");
    config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    StreamExecutionEnvironment env = StarterLauncher.environment(2, config);
    ShopEventGenerator generator = ShopEventGenerator.withSeed(9);
    DataStream<ShopEvent> deliveries =
        Redeliveries.of(ShopEvents.throttledStream(env, generator, 1_000_000, 25_000));
    StarterLauncher.run(env, "Chapter 4, exercise 3b: drop repeated events", once(deliveries));
  }
}
