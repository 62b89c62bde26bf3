package dev.flinktuning.metrics;

import java.util.Map;

/**
 * One vertex of a running job (a task, after chaining), with the metrics a {@link BottleneckFinder}
 * read for it over the REST API: the largest value over its subtasks, by metric name.
 *
 * @param id the vertex's id, as in {@code /jobs/:jobid/vertices/:vertexid}
 * @param name the vertex's name, as the Web UI shows it on the job graph
 * @param parallelism how many subtasks it runs
 * @param metrics metric name to the largest value over the subtasks; a metric not reported yet is
 *     missing
 */
public record VertexLoad(String id, String name, int parallelism, Map<String, Double> metrics) {

  /** The metric's largest value over the subtasks, or {@code NaN} if it was not read. */
  public double metric(String metricName) {
    return metrics.getOrDefault(metricName, Double.NaN);
  }
}
