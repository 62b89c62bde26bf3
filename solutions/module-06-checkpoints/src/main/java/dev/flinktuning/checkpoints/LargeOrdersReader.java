package dev.flinktuning.checkpoints;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The billing system's consumer of {@value LargeOrdersJob#LARGE_ORDERS}: it reads everything the
 * topic holds now, from the start.
 *
 * <p><b>Your task</b> (with {@link LargeOrdersJob#sink}): read only what the job has committed.
 */
public final class LargeOrdersReader {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private LargeOrdersReader() {}

  /** The consumer's settings. */
  static Properties consumerProperties(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Only records of committed transactions: never those of a transaction a failure aborted,
    // nor of one still open.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  /** Every record of the topic, partition by partition, in offset order. */
  public static List<String> readAll(String bootstrapServers) {
    return readAll(consumerProperties(bootstrapServers));
  }

  /**
   * Every record of {@value LargeOrdersJob#LARGE_ORDERS} that a consumer with {@code props} sees,
   * up to the end offsets it sees now.
   */
  public static List<String> readAll(Properties props) {
    List<String> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(LargeOrdersJob.LARGE_ORDERS).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read " + LargeOrdersJob.LARGE_ORDERS + " to its end in " + DEADLINE);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          records.add(record.value());
        }
      }
    }
    return records;
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }
}
