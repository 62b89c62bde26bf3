package dev.flinktuning.casestudy;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the job finds its services: the Kafka topic of user behaviour (and where it ends), the item
 * catalog and the topic of its changes, and Redis. The course fills it in; a job only reads it.
 */
public final class Endpoints implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String kafkaBootstrapServers;
  private final String topic;
  private final Map<Integer, Long> endOffsets;
  private final String catalogUrl;
  private final String catalogChangesTopic;
  private final long catalogChangesEnd;
  private final String redisHost;
  private final int redisPort;

  /**
   * @param endOffsets where the job stops reading each partition of {@code topic}; empty: never
   * @param catalogChangesEnd where the job stops reading the one partition of {@code
   *     catalogChangesTopic}; negative: never
   */
  public Endpoints(
      String kafkaBootstrapServers,
      String topic,
      Map<Integer, Long> endOffsets,
      String catalogUrl,
      String catalogChangesTopic,
      long catalogChangesEnd,
      String redisHost,
      int redisPort) {
    this.kafkaBootstrapServers = kafkaBootstrapServers;
    this.topic = topic;
    this.endOffsets = new HashMap<>(endOffsets);
    this.catalogUrl = catalogUrl;
    this.catalogChangesTopic = catalogChangesTopic;
    this.catalogChangesEnd = catalogChangesEnd;
    this.redisHost = redisHost;
    this.redisPort = redisPort;
  }

  /**
   * Services of a real deployment: the job reads both topics from their first record on and never
   * ends.
   */
  public static Endpoints unbounded(
      String kafkaBootstrapServers,
      String topic,
      String catalogUrl,
      String catalogChangesTopic,
      String redisHost,
      int redisPort) {
    return new Endpoints(
        kafkaBootstrapServers,
        topic,
        Map.of(),
        catalogUrl,
        catalogChangesTopic,
        -1,
        redisHost,
        redisPort);
  }

  /**
   * The user-behaviour topic as a Flink source of text lines, from the first record of each
   * partition to the last one the course produced: the job ends when it has read them all (and
   * waits for them if they are still being produced). Without end offsets it never ends. A record
   * with no value is skipped with a warning; every other line reaches the job, events or not.
   */
  public KafkaSource<String> behaviorSource() {
    return linesOf(topic, "recommendations", endOffsets, TopicLines.of(topic));
  }

  /**
   * The catalog's changes as a Flink source of text lines ({@code effectiveAt;itemProfile}, see
   * {@link dev.flinktuning.support.data.CatalogChange#fromLine}), from the topic's first record on;
   * in the course's runs it ends with the last change written, in a real deployment never. The
   * topic has one partition, so one subtask reads it all, in order. A record that is not a change,
   * or has no value, is skipped with a warning in the log ({@link TopicLines}).
   */
  public KafkaSource<String> catalogChangesSource() {
    return linesOf(
        catalogChangesTopic,
        "recommendations-catalog",
        catalogChangesEnd < 0 ? Map.of() : Map.of(0, catalogChangesEnd),
        TopicLines.ofCatalogChanges(catalogChangesTopic));
  }

  /** A topic's lines, from its first records on, up to these end offsets by partition (if any). */
  private KafkaSource<String> linesOf(
      String topicName,
      String groupId,
      Map<Integer, Long> endOffsetsByPartition,
      TopicLines lines) {
    KafkaSourceBuilder<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(kafkaBootstrapServers)
            .setTopics(topicName)
            .setGroupId(groupId)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(lines);
    if (!endOffsetsByPartition.isEmpty()) {
      Map<TopicPartition, Long> stopAt = new HashMap<>();
      endOffsetsByPartition.forEach(
          (partition, end) -> stopAt.put(new TopicPartition(topicName, partition), end));
      source.setBounded(OffsetsInitializer.offsets(stopAt));
    }
    return source.build();
  }

  /** The same services, with Redis reached at another address (through a proxy, say). */
  public Endpoints withRedisAt(String host, int port) {
    return new Endpoints(
        kafkaBootstrapServers,
        topic,
        endOffsets,
        catalogUrl,
        catalogChangesTopic,
        catalogChangesEnd,
        host,
        port);
  }

  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  public String topic() {
    return topic;
  }

  /** A topic for lines the job could not read: a dead-letter topic. */
  public String rejectedTopic() {
    return rejectedTopicOf(topic);
  }

  /** The dead-letter topic that goes with a topic. */
  public static String rejectedTopicOf(String topic) {
    return topic + "-rejected";
  }

  public String catalogUrl() {
    return catalogUrl;
  }

  /** The compacted topic of the catalog's changes, keyed by item id. */
  public String catalogChangesTopic() {
    return catalogChangesTopic;
  }

  public String redisHost() {
    return redisHost;
  }

  public int redisPort() {
    return redisPort;
  }
}
