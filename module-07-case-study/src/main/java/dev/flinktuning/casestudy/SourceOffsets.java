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

  private static final Map<String, Map<Integer, Gauge<?>>> OFFSETS_BY_JOB =
      new ConcurrentHashMap<>();

  /** Adds this reporter to a cluster's configuration. */
  static void addTo(Configuration config) {
    config.setString("metrics.reporters", "source-offsets");
    config.setString("metrics.reporter.source-offsets.factory.class", Factory.class.getName());
  }

  /**
   * Lines read so far by the job's source, per partition (the last offset read, plus one); only the
   * partitions its readers have been given yet.
   */
  static Map<Integer, Long> linesRead(String jobId) {
    Map<Integer, Long> read = new TreeMap<>();
    OFFSETS_BY_JOB
        .getOrDefault(jobId, Map.of())
        .forEach(
            (partition, gauge) -> read.put(partition, ((Number) gauge.getValue()).longValue() + 1));
    return read;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    Integer partition = partitionOf(name, group);
    if (partition != null && metric instanceof Gauge<?> gauge) {
      OFFSETS_BY_JOB
          .computeIfAbsent(jobOf(group), job -> new ConcurrentHashMap<>())
          .put(partition, gauge);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    Integer partition = partitionOf(name, group);
    if (partition != null) {
      Map<Integer, Gauge<?>> offsets = OFFSETS_BY_JOB.get(jobOf(group));
      if (offsets != null) {
        offsets.remove(partition, metric);
      }
    }
  }

  private static String jobOf(MetricGroup group) {
    return group.getAllVariables().getOrDefault("<job_id>", "");
  }

  /** The partition of a {@code KafkaSourceReader...partition.<n>.currentOffset} gauge, or null. */
  private static Integer partitionOf(String name, MetricGroup group) {
    if (!name.equals("currentOffset")) {
      return null;
    }
    List<String> scope = Arrays.asList(group.getScopeComponents());
    int at = scope.lastIndexOf("partition");
    if (!scope.contains("KafkaSourceReader") || at < 0 || at + 1 >= scope.size()) {
      return null;
    }
    return Integer.valueOf(scope.get(at + 1));
  }

  /** Creates the reporter; Flink finds it through {@code META-INF/services}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new SourceOffsets();
    }
  }
}
