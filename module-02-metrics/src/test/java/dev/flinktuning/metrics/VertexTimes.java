package dev.flinktuning.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The check's own reading of every vertex's busy, backpressured and idle time over the REST API,
 * shown to the learner next to the finder's verdict.
 */
final class VertexTimes {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private VertexTimes() {}

  /** One vertex's largest busy, backpressured and idle time over its subtasks, in ms/s. */
  record Times(String name, double busy, double backPressured, double idle) {}

  /** Every vertex's times, in the REST API's order. */
  static List<Times> read(String webUi, String jobId) throws Exception {
    List<Times> times = new ArrayList<>();
    for (JsonNode vertex : get(webUi + "/jobs/" + jobId).path("vertices")) {
      JsonNode metrics =
          get(
              webUi
                  + "/jobs/"
                  + jobId
                  + "/vertices/"
                  + vertex.path("id").asText()
                  + "/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond,"
                  + "idleTimeMsPerSecond&agg=max");
      double busy = Double.NaN;
      double backPressured = Double.NaN;
      double idle = Double.NaN;
      for (JsonNode metric : metrics) {
        double max = metric.path("max").asDouble(Double.NaN);
        switch (metric.path("id").asText()) {
          case "busyTimeMsPerSecond" -> busy = max;
          case "backPressuredTimeMsPerSecond" -> backPressured = max;
          default -> idle = max;
        }
      }
      times.add(new Times(vertex.path("name").asText(), busy, backPressured, idle));
    }
    return times;
  }

  /**
   * Whether the job shows the steady state it was built for: the stage {@code slowStage} is the
   * busiest vertex, busy most of the time. Right after the start, and for a moment when Flink's
   * 5-second windows turn over, a vertex can read busy 1000 ms/s before its idle time is counted.
   */
  static boolean settled(List<Times> times, String slowStage) {
    Times busiest = null;
    for (Times t : times) {
      if (Double.isNaN(t.busy()) || Double.isNaN(t.idle()) || Double.isNaN(t.backPressured())) {
        return false;
      }
      if (busiest == null || t.busy() > busiest.busy()) {
        busiest = t;
      }
    }
    return busiest != null && busiest.name().contains(slowStage) && busiest.busy() >= 600;
  }

  /** One line per vertex: its name and the largest busy, backpressured and idle ms/s. */
  static String table(List<Times> times) {
    StringBuilder table = new StringBuilder();
    for (Times t : times) {
      table.append(
          String.format(
              Locale.ROOT,
              "      %-28s busy %4.0f  backpressured %4.0f  idle %4.0f ms/s%n",
              t.name(),
              t.busy(),
              t.backPressured(),
              t.idle()));
    }
    return table.toString();
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
