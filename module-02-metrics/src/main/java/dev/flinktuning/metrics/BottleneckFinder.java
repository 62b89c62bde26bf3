package dev.flinktuning.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names the vertex that limits a running job, from the metrics that Flink's REST API (the one
 * behind the Web UI) reports per vertex and subtask.
 *
 * <p>Exercise 1 of chapter 2. This starter does what most people do first: it opens the
 * BackPressure tab in their head, reads {@code backPressuredTimeMsPerSecond} for every vertex and
 * blames the most backpressured one. But a backpressured vertex is a <em>victim</em>: it waits for
 * room in the buffers of the vertex after it. The vertex that limits the job is downstream of it.
 *
 * <p><b>Edit</b> {@link #METRICS} (which metrics are read for each vertex) and {@link
 * #bottleneck(List)} (which vertex is named). The REST calls are real; the README's "Exercise 1"
 * shows them with {@code curl}.
 *
 * <p>Run it against any job's Web UI: {@code ./mvnw -q -pl module-02-metrics -am compile exec:exec
 * -Dstarter=BottleneckFinder -Dcourse.args=http://127.0.0.1:8081} prints a table of every vertex of
 * the first running job, with the bottleneck marked.
 */
public final class BottleneckFinder {

  /** The metrics read for every vertex, per subtask, keeping the largest value over subtasks. */
  static final List<String> METRICS = List.of("backPressuredTimeMsPerSecond");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String webUi;
  private final HttpClient http;

  /**
   * @param webUi the Web UI's (and REST API's) address, such as {@code http://127.0.0.1:8081}
   */
  public BottleneckFinder(String webUi) {
    this.webUi = webUi.endsWith("/") ? webUi.substring(0, webUi.length() - 1) : webUi;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** The vertex that limits the job, by the rule in {@link #bottleneck(List)}. */
  public VertexLoad bottleneckOf(String jobId) throws IOException, InterruptedException {
    return bottleneck(loads(jobId));
  }

  /**
   * Picks the vertex that limits the job.
   *
   * <p>The starter blames the most backpressured vertex. That vertex is upstream of the real
   * bottleneck: it is held back, it does not hold anything back.
   */
  static VertexLoad bottleneck(List<VertexLoad> vertices) {
    VertexLoad worst = null;
    for (VertexLoad vertex : vertices) {
      double backPressured = vertex.metric("backPressuredTimeMsPerSecond");
      if (worst == null || backPressured > worst.metric("backPressuredTimeMsPerSecond")) {
        worst = vertex;
      }
    }
    if (worst == null) {
      throw new IllegalStateException("The job has no vertices");
    }
    return worst;
  }

  /**
   * Every vertex of the job, in the order the REST API lists them (sources first), with {@link
   * #METRICS}: {@code GET /jobs/:jobid}, then for each vertex {@code GET
   * /jobs/:jobid/vertices/:vertexid/subtasks/metrics?get=...&agg=max}.
   */
  public List<VertexLoad> loads(String jobId) throws IOException, InterruptedException {
    JsonNode job = get("/jobs/" + jobId);
    List<VertexLoad> loads = new ArrayList<>();
    for (JsonNode vertex : job.path("vertices")) {
      String id = vertex.path("id").asText();
      Map<String, Double> metrics = new LinkedHashMap<>();
      JsonNode values =
          get(
              "/jobs/"
                  + jobId
                  + "/vertices/"
                  + id
                  + "/subtasks/metrics?get="
                  + String.join(",", METRICS)
                  + "&agg=max");
      for (JsonNode metric : values) {
        metrics.put(metric.path("id").asText(), metric.path("max").asDouble(Double.NaN));
      }
      loads.add(
          new VertexLoad(
              id, vertex.path("name").asText(), vertex.path("parallelism").asInt(), metrics));
    }
    return loads;
  }

  /** The id of the first running job: {@code GET /jobs/overview}. */
  public String firstRunningJob() throws IOException, InterruptedException {
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      if ("RUNNING".equals(job.path("state").asText())) {
        return job.path("jid").asText();
      }
    }
    throw new IllegalStateException(
        "No job is running at " + webUi + ". Start one (a starter's main()) and try again.");
  }

  /** A table of every vertex's metrics, the bottleneck marked with an arrow. */
  public static String table(List<VertexLoad> vertices, VertexLoad bottleneck) {
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "   %-40s %4s", "vertex", "par"));
    for (String metric : METRICS) {
      table.append(String.format(Locale.ROOT, " %30s", metric));
    }
    table.append('\n');
    for (VertexLoad vertex : vertices) {
      String name =
          vertex.name().length() > 40 ? vertex.name().substring(0, 37) + "..." : vertex.name();
      table.append(vertex.equals(bottleneck) ? "-> " : "   ");
      table.append(String.format(Locale.ROOT, "%-40s %4d", name, vertex.parallelism()));
      for (String metric : METRICS) {
        table.append(String.format(Locale.ROOT, " %30.0f", vertex.metric(metric)));
      }
      table.append('\n');
    }
    return table.toString();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(webUi + path)).timeout(TIMEOUT).build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException(
          "Nothing answers at "
              + webUi
              + ": is the job's Web UI running there? (A starter prints its address.)",
          e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + webUi + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * Prints every vertex of a running job with its metrics and the bottleneck marked.
   *
   * @param args the Web UI's address (default {@code http://127.0.0.1:8081}) and, optionally, a job
   *     id (default: the first running job)
   */
  public static void main(String[] args) throws Exception {
    BottleneckFinder finder =
        new BottleneckFinder(args.length > 0 ? args[0] : "http://127.0.0.1:8081");
    String jobId = args.length > 1 ? args[1] : finder.firstRunningJob();
    List<VertexLoad> vertices = finder.loads(jobId);
    VertexLoad bottleneck = bottleneck(vertices);
    System.out.printf(
        "Job %s, metrics per vertex (largest over its subtasks, ms per second):%n%n", jobId);
    System.out.print(table(vertices, bottleneck));
    System.out.printf("%nThe bottleneck: %s%n", bottleneck.name());
  }
}
