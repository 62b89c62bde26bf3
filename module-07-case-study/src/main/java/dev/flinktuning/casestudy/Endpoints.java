package dev.flinktuning.casestudy;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the job finds its services: the Kafka topic of user behaviour (and where it ends), the item
 * catalog and Redis. The course fills it in; a job only reads it.
 */
public final class Endpoints implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String kafkaBootstrapServers;
  private final String topic;
  private final Map<Integer, Long> endOffsets;
  private final String catalogUrl;
  private final String redisHost;
  private final int redisPort;

  public Endpoints(
      String kafkaBootstrapServers,
      String topic,
      Map<Integer, Long> endOffsets,
      String catalogUrl,
      String redisHost,
      int redisPort) {
    this.kafkaBootstrapServers = kafkaBootstrapServers;
    this.topic = topic;
    this.endOffsets = new HashMap<>(endOffsets);
    this.catalogUrl = catalogUrl;
    this.redisHost = redisHost;
    this.redisPort = redisPort;
  }

  /**
   * The user-behaviour topic as a Flink source of text lines, from the first record of each
   * partition to the last one the course produced: the job ends when it has read them all (and
   * waits for them if they are still being produced).
   */
  public KafkaSource<String> behaviorSource() {
    Map<TopicPartition, Long> stopAt = new HashMap<>();
    endOffsets.forEach(
        (partition, offset) -> stopAt.put(new TopicPartition(topic, partition), offset));
    return KafkaSource.<String>builder()
        .setBootstrapServers(kafkaBootstrapServers)
        .setTopics(topic)
        .setGroupId("recommendations")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.offsets(stopAt))
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .build();
  }

  public int partitions() {
    return endOffsets.size();
  }

  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  public String topic() {
    return topic;
  }

  /** A topic for lines the job could not read: a dead-letter topic. */
  public String rejectedTopic() {
    return topic + "-rejected";
  }

  public String catalogUrl() {
    return catalogUrl;
  }

  public String redisHost() {
    return redisHost;
  }

  public int redisPort() {
    return redisPort;
  }
}
