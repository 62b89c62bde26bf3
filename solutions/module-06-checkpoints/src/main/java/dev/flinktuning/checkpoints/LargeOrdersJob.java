package dev.flinktuning.checkpoints;

import dev.flinktuning.support.config.FlinkConfigFile;
import dev.flinktuning.support.launcher.StarterLauncher;
import dev.flinktuning.support.services.LocalKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * Exercise 3: large orders, from Kafka to Kafka.
 *
 * <p>It reads orders ({@code orderId,account,cents}) from the topic {@value #ORDERS}, keeps those
 * of at least {@value #LARGE_CENTS} cents and writes them to {@value #LARGE_ORDERS} for a billing
 * system, which must see each large order exactly once. The job checkpoints, but its sink writes
 * <em>at least once</em>: after a failure, the job rewinds to its last checkpoint and writes again
 * what it had written since. {@link LargeOrdersReader}, the billing system's consumer, reads
 * whatever is in the topic.
 *
 * <p><b>Your task:</b> make a TaskManager failure leave each large order exactly once in what the
 * billing system reads: change {@link #sink} here and {@link LargeOrdersReader}. See the chapter
 * README, "Exercise 3".
 */
public final class LargeOrdersJob {

  /** The input topic: one order per record, {@code orderId,account,cents}. */
  public static final String ORDERS = OrderTopic.NAME;

  /** The output topic: the large orders, unchanged. */
  public static final String LARGE_ORDERS = "large-orders";

  /** Orders of at least this many cents are large. */
  public static final long LARGE_CENTS = 50_000;

  private LargeOrdersJob() {}

  /** The job's configuration, from {@code src/main/resources/large-orders.yaml}. */
  public static Configuration configuration() {
    return FlinkConfigFile.fromResource(LargeOrdersJob.class, "large-orders.yaml");
  }

  /**
   * The pipeline, reading {@value #ORDERS} from the start up to {@code endOffsets} (then it ends),
   * writing to {@value #LARGE_ORDERS}.
   */
  public static DataStream<String> build(
      StreamExecutionEnvironment env,
      String bootstrapServers,
      Map<TopicPartition, Long> endOffsets) {
    KafkaSource<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(ORDERS)
            .setGroupId("large-orders-job")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.offsets(endOffsets))
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    DataStream<String> orders = env.fromSource(source, WatermarkStrategy.noWatermarks(), "Orders");
    DataStream<String> large = orders.filter(LargeOrdersJob::isLarge).name("Large orders only");
    large.sinkTo(sink(bootstrapServers)).name("Large orders to Kafka");
    return large;
  }

  /**
   * Runs the job on a local cluster with the Web UI, on the course's own Kafka broker (or yours:
   * {@code -Dcourse.kafka=host:port}), over 200,000 orders; then reads the output topic the way
   * {@link LargeOrdersReader} does. Watch the Checkpoints tab, and the sink's "Writer" and
   * "Committer" operators in the job graph.
   */
  public static void main(String[] args) throws Exception {
    int orders = 200_000;
    try (LocalKafka kafka = LocalKafka.fromSystemProperty()) {
      kafka.recreateTopic(ORDERS, 2);
      kafka.recreateTopic(LARGE_ORDERS, 2);
      Map<TopicPartition, Long> end =
          OrderTopic.produce(kafka.bootstrapServers(), 0, orders, id -> (int) (id % 2));
      StreamExecutionEnvironment env = StarterLauncher.environment(2, configuration());
      List<String> large =
          StarterLauncher.run(env, "Large orders", build(env, kafka.bootstrapServers(), end));
      System.out.printf(
          "The job passed on %,d large orders; LargeOrdersReader reads %,d from %s.%n",
          large.size(), LargeOrdersReader.readAll(kafka.bootstrapServers()).size(), LARGE_ORDERS);
    }
  }

  /** Whether an order line is of at least {@link #LARGE_CENTS}. */
  public static boolean isLarge(String order) {
    return Long.parseLong(order.substring(order.lastIndexOf(',') + 1)) >= LARGE_CENTS;
  }

  /** The sink to {@value #LARGE_ORDERS}. */
  static KafkaSink<String> sink(String bootstrapServers) {
    return KafkaSink.<String>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.builder()
                .setTopic(LARGE_ORDERS)
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        // Writes each checkpoint's records in a Kafka transaction, committed when the checkpoint
        // completes; after a failure, the transactions of the failed attempt are aborted.
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        // Unique per job on a broker: Flink finds (and aborts) its lingering transactions by it.
        .setTransactionalIdPrefix("large-orders")
        // A transaction stays open from one checkpoint to the next, and through a recovery: give
        // it well over the checkpoint interval plus a restart, and no more than the broker's
        // transaction.max.timeout.ms (15 minutes by default).
        .setProperty("transaction.timeout.ms", String.valueOf(Duration.ofMinutes(5).toMillis()))
        .build();
  }
}
