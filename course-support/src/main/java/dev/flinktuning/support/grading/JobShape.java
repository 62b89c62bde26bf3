package dev.flinktuning.support.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.flink.runtime.jobgraph.IntermediateDataSet;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;

/**
 * The shape of a job as Flink will run it: its vertices (chains of operators, one task each) with
 * their parallelism, and the edges between them with how records are shipped. This is what the Web
 * UI draws on a job's overview page.
 */
public final class JobShape {

  /** One task: a chain of operators that run in one thread, with its parallelism. */
  public record Vertex(String id, String name, int parallelism, boolean isInput) {}

  /**
   * A connection between two tasks. {@code shipStrategy} is Flink's name for the partitioner:
   * FORWARD, HASH (a keyBy), REBALANCE, RESCALE, BROADCAST, ...
   */
  public record Edge(Vertex from, Vertex to, String shipStrategy) {

    /** True unless records stay in the subtask that made them (FORWARD). */
    public boolean redistributes() {
      return !shipStrategy.toUpperCase(Locale.ROOT).equals("FORWARD");
    }
  }

  private final List<Vertex> vertices;
  private final List<Edge> edges;

  private JobShape(List<Vertex> vertices, List<Edge> edges) {
    this.vertices = vertices;
    this.edges = edges;
  }

  /** Reads the shape off a job graph. */
  public static JobShape of(JobGraph jobGraph) {
    List<Vertex> vertices = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (JobVertex vertex : jobGraph.getVerticesSortedTopologicallyFromSources()) {
      vertices.add(vertexOf(vertex));
    }
    for (JobVertex vertex : jobGraph.getVerticesSortedTopologicallyFromSources()) {
      for (IntermediateDataSet output : vertex.getProducedDataSets()) {
        for (JobEdge edge : output.getConsumers()) {
          edges.add(
              new Edge(
                  find(vertices, vertex.getID().toString()),
                  find(vertices, edge.getTarget().getID().toString()),
                  edge.getShipStrategyName()));
        }
      }
    }
    return new JobShape(List.copyOf(vertices), List.copyOf(edges));
  }

  public List<Vertex> vertices() {
    return vertices;
  }

  public List<Edge> edges() {
    return edges;
  }

  /** The vertices that read from a source. */
  public List<Vertex> sources() {
    return vertices.stream().filter(Vertex::isInput).collect(Collectors.toList());
  }

  /** Whether records leave this vertex through an edge (to another task). */
  public boolean hasOutgoingEdge(Vertex vertex) {
    return edges.stream().anyMatch(edge -> edge.from().equals(vertex));
  }

  /** One line per vertex and edge, for failure messages. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (Vertex vertex : vertices) {
      text.append(
          String.format(Locale.ROOT, "  [%d] %s%n", vertex.parallelism(), shorten(vertex.name())));
    }
    for (Edge edge : edges) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %s --%s--> %s%n",
              shorten(edge.from().name()),
              edge.shipStrategy(),
              shorten(edge.to().name())));
    }
    return text.toString();
  }

  private static Vertex vertexOf(JobVertex vertex) {
    return new Vertex(
        vertex.getID().toString(),
        vertex.getName(),
        vertex.getParallelism(),
        vertex.isInputVertex());
  }

  private static Vertex find(List<Vertex> vertices, String id) {
    return vertices.stream()
        .filter(v -> v.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No vertex with id " + id));
  }

  static String shorten(String name) {
    return name.length() <= 80 ? name : name.substring(0, 77) + "...";
  }
}
