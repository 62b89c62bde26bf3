package dev.flinktuning.support.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Flink cluster's REST API (the one the Web UI and {@code flink run} use), for what the course
 * does with it: upload a jar and run it, read a job's state and checkpoint statistics, stop a job
 * with a savepoint. Each call throws {@link IllegalStateException} with the cluster's answer when
 * it fails.
 */
public final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final String base;
  private final HttpClient http;

  /**
   * @param base e.g. {@code http://127.0.0.1:8081}
   */
  public FlinkRest(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public String base() {
    return base;
  }

  /** {@code GET path}, as JSON. */
  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), path);
  }

  /** {@code GET path}, as JSON, or null when nothing answers (the JobManager is not up yet). */
  public JsonNode getIfUp(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
              BodyHandlers.ofString(StandardCharsets.UTF_8));
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (ConnectException | java.net.http.HttpTimeoutException notUp) {
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The number of TaskManagers registered with the JobManager. */
  public int taskManagers() {
    return get("/overview").path("taskmanagers").asInt();
  }

  /** Uploads a jar ({@code POST /jars/upload}); returns its id on the cluster. */
  public String uploadJar(Path jar) {
    String boundary = "course-" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName()
            + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri("/jars/upload"))
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(
                  BodyPublishers.concat(
                      BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                      BodyPublishers.ofFile(jar),
                      BodyPublishers.ofString(tail, StandardCharsets.UTF_8)));
      String file = send(request, "/jars/upload").path("filename").asText();
      return Path.of(file).getFileName().toString();
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalStateException("No job jar at " + jar, e);
    }
  }

  /**
   * Runs an uploaded jar's main class ({@code POST /jars/{id}/run}); returns the job's id.
   *
   * @param savepoint a savepoint to start from, or null
   */
  public String runJar(String jarId, int parallelism, List<String> args, String savepoint) {
    ObjectNode body = JSON.createObjectNode();
    body.put("parallelism", parallelism);
    ArrayNode programArgs = body.putArray("programArgsList");
    args.forEach(programArgs::add);
    if (savepoint != null) {
      body.put("savepointPath", savepoint);
      body.put("allowNonRestoredState", false);
    }
    String path = "/jars/" + jarId + "/run";
    return send(post(path, body), path).path("jobid").asText();
  }

  /** The job's state: RUNNING, RESTARTING, FINISHED, ... */
  public String jobState(String jobId) {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** The ids of the jobs that are not finished, failed or cancelled. */
  public List<String> runningJobs() {
    List<String> running = new ArrayList<>();
    for (JsonNode job : get("/jobs").path("jobs")) {
      String status = job.path("status").asText();
      if (!List.of("FINISHED", "FAILED", "CANCELED").contains(status)) {
        running.add(job.path("id").asText());
      }
    }
    return running;
  }

  /** The job's checkpoint statistics ({@code GET /jobs/{id}/checkpoints}). */
  public JsonNode checkpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints");
  }

  /** How many checkpoints of the job have completed. */
  public long completedCheckpoints(String jobId) {
    return checkpoints(jobId).path("counts").path("completed").asLong();
  }

  /**
   * What the job was last restored from ({@code latest.restored}): empty when it was not; else with
   * {@code id}, {@code is_savepoint} and {@code external_path}.
   */
  public JsonNode restored(String jobId) {
    return checkpoints(jobId).path("latest").path("restored");
  }

  /** Whether every task of the job is RUNNING or FINISHED: none being deployed or restarted. */
  public boolean settled(String jobId) {
    JsonNode job = get("/jobs/" + jobId);
    if (!"RUNNING".equals(job.path("state").asText())) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      String status = vertex.path("status").asText();
      if (!"RUNNING".equals(status) && !"FINISHED".equals(status)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Stops the job with a savepoint, as a careful user does: once the job is {@link #settled} and
   * has completed one more checkpoint (a bounded source, such as a job's one-off catalog load, ends
   * only at the checkpoint after its input; a savepoint taken while such a task ends fails, and
   * Flink restarts the job), and again, up to 3 times, if the savepoint fails all the same. Returns
   * the savepoint's path.
   */
  public String stopWithSavepointWhenSettled(String jobId, Path folder, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IllegalStateException failed = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      awaitSettledCheckpoint(jobId, deadline);
      try {
        return stopWithSavepoint(
            jobId, folder, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (IllegalStateException e) {
        failed = e;
      }
    }
    throw failed;
  }

  private void awaitSettledCheckpoint(String jobId, long deadline) throws InterruptedException {
    long checkpoints = -1;
    while (System.nanoTime() < deadline) {
      if (settled(jobId)) {
        long completed = completedCheckpoints(jobId);
        if (checkpoints < 0) {
          checkpoints = completed;
        } else if (completed > checkpoints) {
          return;
        }
      } else {
        checkpoints = -1;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Job "
            + jobId
            + " did not settle (every task running or finished, and one more checkpoint) in"
            + " time: it is "
            + jobState(jobId));
  }

  /**
   * Stops the job with a savepoint ({@code POST /jobs/{id}/stop}, without draining: its open
   * windows stay open, in the savepoint) and waits for it; returns the savepoint's path.
   */
  public String stopWithSavepoint(String jobId, Path folder, Duration timeout)
      throws InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("targetDirectory", folder.toUri().toString());
    body.put("drain", false);
    String path = "/jobs/" + jobId + "/stop";
    String trigger = send(post(path, body), path).path("request-id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.path("operation");
        if (operation.has("location")) {
          return operation.path("location").asText();
        }
        throw new IllegalStateException(
            "The savepoint of job "
                + jobId
                + " failed: "
                + operation
                    .path("failure-cause")
                    .path("stack-trace")
                    .asText()
                    .lines()
                    .findFirst()
                    .orElse(operation.toString()));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "The savepoint of job " + jobId + " did not complete within " + timeout.toSeconds() + " s");
  }

  /** Cancels the job ({@code PATCH /jobs/{id}?mode=cancel}). */
  public void cancel(String jobId) {
    String path = "/jobs/" + jobId + "?mode=cancel";
    send(
        HttpRequest.newBuilder(uri(path)).method("PATCH", BodyPublishers.noBody()),
        "/jobs/" + jobId);
  }

  private HttpRequest.Builder post(String path, JsonNode body) {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private JsonNode send(HttpRequest.Builder request, String what) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(CALL_TIMEOUT).build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            what + " answered " + response.statusCode() + ": " + errors(response.body()));
      }
      return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "The Flink cluster's REST API at " + base + " did not answer " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling " + what, e);
    }
  }

  /** The first line of each error the cluster returned, else the body. */
  private static String errors(String body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        List<String> lines = new ArrayList<>();
        for (JsonNode error : errors) {
          lines.add(error.asText().lines().limit(3).reduce((a, b) -> a + " | " + b).orElse(""));
        }
        return String.join("; ", lines);
      }
    } catch (IOException notJson) {
      // Fall through to the body itself.
    }
    return body.length() > 500 ? body.substring(0, 500) + "..." : body;
  }
}
