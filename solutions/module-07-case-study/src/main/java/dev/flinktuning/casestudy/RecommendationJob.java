package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.CatalogChange;
import dev.flinktuning.support.data.ShopEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Reference solution: the same recommendations as the starter, several times as fast (3× to 15× in
 * the graded check, which asks for at least 2×; the demo's larger input shows more), and safe
 * across a TaskManager failure.
 *
 * <ol>
 *   <li>Each event is added once, to its user's 5-minute interest vector ({@link
 *       InterestAggregate}); an hour's window is the sum of its twelve 5-minute vectors ({@link
 *       HourOfPanes}).
 *   <li>The catalog is fetched once, at the start, and its changes come from a Kafka topic; both
 *       are broadcast to every subtask as broadcast state, and each window is scored with the
 *       catalog as it was at its end ({@link LoadCatalog}, {@link ReadCatalogChange}, {@link
 *       RecommendWithCatalog}).
 *   <li>Every type on the wire is a Flink POJO or array, and {@code pipeline.generic-types} is off,
 *       so a Kryo fallback fails the job at build time instead of slowing it down.
 *   <li>A bounded heap keeps the ten best items ({@link TopItems}); nothing is sorted.
 *   <li>Redis writes go in pipelined batches, flushed at every checkpoint ({@link
 *       PipelinedRedisSink}).
 *   <li>RocksDB with incremental checkpoints; unreadable lines are counted and go to a dead-letter
 *       topic ({@link ParseOrSetAside}).
 *   <li>Timestamps and watermarks are taken at the Kafka source ({@link #eventTime()}), which keeps
 *       a watermark per partition: right at any parallelism and any number of partitions.
 * </ol>
 */
public final class RecommendationJob {

  private RecommendationJob() {}

  /** Settings for the job: state backend, checkpoints, serialization. */
  public static Configuration configuration() {
    Configuration config = new Configuration();
    config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    config.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
    config.set(PipelineOptions.GENERIC_TYPES, false);
    return config;
  }

  /**
   * Builds the pipeline: read {@code endpoints.behaviorSource()}, write recommendations to Redis.
   */
  public static void build(StreamExecutionEnvironment env, Endpoints endpoints) {
    // Timestamps and watermarks at the source: the Kafka source keeps a watermark per partition
    // and emits the smallest, so a subtask that reads several partitions does not mix them.
    SingleOutputStreamOperator<ShopEvent> events =
        env.fromSource(endpoints.behaviorSource(), eventTime(), "Kafka")
            .process(new ParseOrSetAside())
            .name("Parse");
    events
        .getSideOutput(ParseOrSetAside.REJECTED)
        .sinkTo(deadLetters(endpoints))
        .name("Rejected lines");

    DataStream<UserInterest> interests =
        events
            .keyBy(event -> event.userId, Types.LONG)
            .window(TumblingEventTimeWindows.of(HourOfPanes.PANE))
            .aggregate(new InterestAggregate(), new InterestAggregate.TagWithWindow())
            .name("Interest per 5 minutes")
            .keyBy(pane -> pane.userId, Types.LONG)
            .process(new HourOfPanes())
            .name("Interest per window");

    DataStream<CatalogSnapshot> catalogAtStart =
        env.fromData(1L)
            .flatMap(new LoadCatalog(endpoints.catalogUrl()))
            .name("Load catalog")
            .setParallelism(1);
    DataStream<CatalogSnapshot> catalogChanges =
        env.fromSource(endpoints.catalogChangesSource(), changeTime(), "Catalog changes")
            .setParallelism(1)
            .map(new ReadCatalogChange())
            .name("Read catalog change")
            .setParallelism(1);
    BroadcastStream<CatalogSnapshot> catalog =
        catalogAtStart.union(catalogChanges).broadcast(RecommendWithCatalog.CATALOG);

    interests
        .keyBy(interest -> interest.userId, Types.LONG)
        .connect(catalog)
        .process(new RecommendWithCatalog())
        .name("Recommend")
        .sinkTo(new PipelinedRedisSink(endpoints.redisHost(), endpoints.redisPort()))
        .name("Redis");
  }

  /**
   * Event time for the lines of the topic, per Kafka partition: the event's own time, read from the
   * line ({@link TimeOfLine}); watermarks 2 seconds behind the largest time seen in each partition;
   * and a partition with no line for a minute stops holding the others back (idleness).
   */
  static WatermarkStrategy<String> eventTime() {
    return WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofSeconds(2))
        .withTimestampAssigner(new TimeOfLine())
        .withIdleness(Duration.ofMinutes(1));
  }

  /**
   * Event time for the catalog's changes: the time each takes effect, in order (one partition).
   * When no change has come for 10 seconds the topic counts as idle, so that a quiet catalog does
   * not hold back every window; a change that comes later than that, for a time the events have
   * passed, applies only to the windows not scored yet.
   */
  static WatermarkStrategy<String> changeTime() {
    return WatermarkStrategy.<String>forMonotonousTimestamps()
        .withTimestampAssigner((line, previous) -> CatalogChange.fromLine(line).effectiveAt)
        .withIdleness(Duration.ofSeconds(10));
  }

  private static KafkaSink<String> deadLetters(Endpoints endpoints) {
    return KafkaSink.<String>builder()
        .setBootstrapServers(endpoints.kafkaBootstrapServers())
        .setRecordSerializer(
            KafkaRecordSerializationSchema.builder()
                .setTopic(endpoints.rejectedTopic())
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /** Runs your job on the course's services, with the Web UI. */
  public static void main(String[] args) throws Exception {
    CaseStudyRunner.runOne(
        "Your job", RecommendationJob::configuration, RecommendationJob::build, args);
  }
}
