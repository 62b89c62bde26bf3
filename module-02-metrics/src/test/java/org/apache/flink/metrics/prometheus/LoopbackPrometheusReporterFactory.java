package org.apache.flink.metrics.prometheus;

import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Makes a {@link LoopbackPrometheusReporter}: configure it as {@code
 * metrics.reporter.<name>.factory.class:
 * org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory} with {@code
 * metrics.reporter.<name>.port: <port>} (one port; Flink finds it through {@code
 * META-INF/services}).
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

  @Override
  public LoopbackPrometheusReporter createMetricReporter(Properties properties) {
    MetricConfig config = (MetricConfig) properties;
    return new LoopbackPrometheusReporter(config.getInteger("port", 9249));
  }
}
