package dev.flinktuning.casestudy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * How far a running job's Kafka source has read each partition, live: a metric reporter that keeps
 * the source's {@code KafkaSourceReader.topic.<topic>.partition.<n>.currentOffset} gauges (the
 * offset of the last record the reader handed to the job; the same metric the Web UI shows) so that
 * the demo, in the same JVM as the local cluster, reads them without the REST API's delay.
 *
 * <p>{@link #addTo} registers it in a cluster's configuration.
 */
public final class SourceOffsets implements MetricReporter {

  /** The gauges by job, then by {@link TopicPartition}. */
  private static final Map<String, Map<TopicPartition, Gauge<?>>> OFFSETS_BY_JOB =
      new ConcurrentHashMap<>();

  /** A partition of a topic: a job reads more than one topic (the catalog's changes too). */
  private record TopicPartition(String topic, int partition) {}

  /** Adds this reporter to a cluster's configuration. */
  static void addTo(Configuration config) {
    config.setString("metrics.reporters", "source-offsets");
    config.setString("metrics.reporter.source-offsets.factory.class", Factory.class.getName());
  }

  /**
   * Lines of {@code topic} read so far by the job's sources, per partition (the last offset read,
   * plus one); only the partitions its readers have been given yet.
   */
  static Map<Integer, Long> linesRead(String jobId, String topic) {
    Map<Integer, Long> read = new TreeMap<>();
    OFFSETS_BY_JOB
        .getOrDefault(jobId, Map.of())
        .forEach(
            (partition, gauge) -> {
              if (partition.topic().equals(topic)) {
                read.put(partition.partition(), ((Number) gauge.getValue()).longValue() + 1);
              }
            });
    return read;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    TopicPartition partition = partitionOf(name, group);
    if (partition != null && metric instanceof Gauge<?> gauge) {
      OFFSETS_BY_JOB
          .computeIfAbsent(jobOf(group), job -> new ConcurrentHashMap<>())
          .put(partition, gauge);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    TopicPartition partition = partitionOf(name, group);
    if (partition != null) {
      Map<TopicPartition, Gauge<?>> offsets = OFFSETS_BY_JOB.get(jobOf(group));
      if (offsets != null) {
        offsets.remove(partition, metric);
      }
    }
  }

  private static String jobOf(MetricGroup group) {
    return group.getAllVariables().getOrDefault("<job_id>", "");
  }

  /**
   * The topic and partition of a {@code KafkaSourceReader.topic.<t>.partition.<n>.currentOffset}
   * gauge, or null.
   */
  private static TopicPartition partitionOf(String name, MetricGroup group) {
    if (!name.equals("currentOffset")) {
      return null;
    }
    List<String> scope = Arrays.asList(group.getScopeComponents());
    int topicAt = scope.lastIndexOf("topic");
    int partitionAt = scope.lastIndexOf("partition");
    if (!scope.contains("KafkaSourceReader")
        || topicAt < 0
        || partitionAt != topicAt + 2
        || partitionAt + 1 >= scope.size()) {
      return null;
    }
    return new TopicPartition(scope.get(topicAt + 1), Integer.parseInt(scope.get(partitionAt + 1)));
  }

  /** Creates the reporter; Flink finds it through {@code META-INF/services}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new SourceOffsets();
    }
  }
}
