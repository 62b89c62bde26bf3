package dev.flinktuning.support.grading;

import dev.flinktuning.support.i18n.Texts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.View;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.metrics.MetricNames;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.util.ExceptionUtils;

/**
 * A job submitted to a {@link GradingCluster}: its shape, its metrics, its checkpoints.
 *
 * <p>Close it (try-with-resources) when a check started a job that does not end by itself: closing
 * cancels the job if it still runs, so a failed check does not leave it holding the cluster's
 * slots.
 */
public final class JobRun implements AutoCloseable {

  private static final Texts TEXTS = Texts.of(JobRun.class);

  /** How long a graded job may take before the check gives up on it. */
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  private static final long POLL_MILLIS = 20;

  private final JobClient client;
  private final JobShape shape;
  private final MiniCluster cluster;
  private final InMemoryReporter reporter;

  JobRun(JobClient client, JobShape shape, MiniCluster cluster, InMemoryReporter reporter) {
    this.client = client;
    this.shape = shape;
    this.cluster = cluster;
    this.reporter = reporter;
  }

  public JobID jobId() {
    return client.getJobID();
  }

  /**
   * The running job's client, as {@code executeAsync} returns it: what a learner's own code uses to
   * stop, cancel or savepoint the job.
   */
  public JobClient client() {
    return client;
  }

  /** The job's vertices and edges, as submitted. */
  public JobShape shape() {
    return shape;
  }

  /** Records and bytes per subtask, as counted so far (all of them once the job has finished). */
  public TaskIo taskIo() {
    return fromReporter(() -> TaskIo.read(reporter, jobId(), shape));
  }

  /** Waits until the job has finished; rethrows why it failed, if it did. */
  public void awaitFinished() throws Exception {
    awaitFinished(TIMEOUT);
  }

  /**
   * Waits until the job has finished, for a job that runs long by design (a slow starter timed end
   * to end): the timeout only guards against a job that never ends.
   */
  public void awaitFinished(Duration timeout) throws Exception {
    try {
      client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      client.cancel();
      throw new IllegalStateException(TEXTS.get("job.notFinished", timeout.toMinutes()));
    } catch (ExecutionException e) {
      Throwable failure = ExceptionUtils.stripExecutionException(e);
      throw new IllegalStateException(TEXTS.get("job.failed", rootCauseOf(failure)), failure);
    }
  }

  /**
   * Rethrows why the job failed, if it has failed; returns at once if it runs (or finished): for a
   * check that watches a job that never ends by itself.
   */
  public void failIfFailed() throws Exception {
    if (client.getJobStatus().get() == JobStatus.FAILED) {
      awaitFinished();
    }
  }

  /** The innermost cause, which says what went wrong; the outer ones only say where. */
  private static String rootCauseOf(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** Cancels the job if it still runs. */
  @Override
  public void close() throws Exception {
    if (!client.getJobStatus().get().isGloballyTerminalState()) {
      cancel();
    }
  }

  /** Cancels the job and waits until it is gone. */
  public void cancel() throws Exception {
    client.cancel().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    while (!client.getJobStatus().get().isGloballyTerminalState()) {
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** Waits until every source subtask has emitted {@code records} records in all. */
  public void awaitSourceRecords(long records) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      TaskIo io = taskIo();
      long emitted = shape.sources().stream().mapToLong(io::recordsOut).sum();
      if (emitted >= records) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The sources emitted " + emitted + " of " + records + " records in " + TIMEOUT);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * The job's metrics whose full identifier matches {@code regex}, by identifier. An identifier
   * reads like {@code <host>.taskmanager.<tm>.<job>.<task or operator>.<subtask>.<name>}; to pick a
   * metric by name, end the pattern with it: {@code ".*\\.rocksdb\\.bytes_written"}.
   *
   * <p>A metric that Flink refreshes on a timer (a {@link View}, such as RocksDB's native metrics,
   * every 5 seconds) is refreshed first, so it shows the value of now. Such metrics stop changing
   * when their task ends: read them while the job runs (hold its source open).
   */
  public Map<String, Metric> metrics(String regex) {
    Map<String, Metric> found = findMetrics(regex);
    for (Metric metric : found.values()) {
      if (metric instanceof View view) {
        view.update();
      }
    }
    return found;
  }

  private Map<String, Metric> findMetrics(String regex) {
    return fromReporter(() -> reporter.findMetrics(jobId(), regex));
  }

  /**
   * Reads from the reporter, and again when a metric group changed while it was read: Flink builds
   * a group's variables lazily and without a lock, so a read that races a task registering its
   * metrics can throw a {@link ConcurrentModificationException}.
   */
  private static <T> T fromReporter(Supplier<T> read) {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (ConcurrentModificationException changedWhileRead) {
        if (attempt == 10) {
          throw changedWhileRead;
        }
        Thread.onSpinWait();
      }
    }
  }

  /**
   * The sum of the job's numeric gauges whose identifier matches {@code regex}, over all subtasks:
   * for example RocksDB's bytes written by every subtask of every operator.
   *
   * @throws IllegalStateException if no numeric gauge matches
   */
  public long sumOfGauges(String regex) {
    long sum = 0;
    int found = 0;
    for (Metric metric : metrics(regex).values()) {
      if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
        sum += number.longValue();
        found++;
      }
    }
    if (found == 0) {
      throw new IllegalStateException(
          "The job has no numeric gauge matching "
              + regex
              + ". Is the metric switched on in the job's configuration, and is the job running?");
    }
    return sum;
  }

  /**
   * Waits until every subtask after the sources has received a watermark of at least {@code
   * timestamp}, so event-time timers up to it have fired. Watermarks and checkpoint barriers travel
   * in order: a savepoint or checkpoint taken after this sees the state those timers left.
   */
  public void awaitInputWatermark(long timestamp) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      long lowest = lowestInputWatermark();
      if (lowest >= timestamp) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The job's watermark did not reach "
                + timestamp
                + " within "
                + TIMEOUT
                + "; the lowest input watermark is "
                + lowest);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The lowest input watermark over the subtasks after the sources; Long.MIN_VALUE if none. */
  private long lowestInputWatermark() {
    long lowest = Long.MAX_VALUE;
    int tasks = 0;
    for (TaskMetricGroup task : fromReporter(() -> reporter.findTaskMetricGroups(jobId(), ".*"))) {
      boolean isSource =
          shape.sources().stream().anyMatch(v -> v.id().equals(task.vertexId().toString()));
      Metric watermark =
          reporter.getMetricsByGroup(task).get(MetricNames.IO_CURRENT_INPUT_WATERMARK);
      if (isSource || !(watermark instanceof Gauge<?> gauge)) {
        continue;
      }
      lowest = Math.min(lowest, ((Number) gauge.getValue()).longValue());
      tasks++;
    }
    return tasks == 0 ? Long.MIN_VALUE : lowest;
  }

  /**
   * Takes a savepoint, in Flink's canonical format, into {@code directory}; the job keeps running.
   * Returns the savepoint's path, for the State Processor API's {@code SavepointReader}.
   *
   * <p>A savepoint that Flink declines (a task still starting, say) is tried again, up to three
   * times, as {@link #checkpointNow()} does.
   */
  public String savepointNow(Path directory) throws Exception {
    Exception lastFailure = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return cluster
            .triggerSavepoint(
                jobId(), directory.toUri().toString(), false, SavepointFormatType.CANONICAL)
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        lastFailure = e;
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(
        "Three savepoints of the job failed; the last because of "
            + rootCauseOf(ExceptionUtils.stripExecutionException(lastFailure)),
        lastFailure);
  }

  /**
   * Waits until the job completes a checkpoint of its own, one it triggers on its interval,
   * <em>after</em> this call, and returns true; or returns false once {@code timeout} has passed
   * without one (a job that does not checkpoint). A checkpoint that was already under way when this
   * was called does not count: its barriers may have passed before what the caller waited for.
   * Unlike {@link #checkpointNow()}, it never triggers one for the job.
   */
  public boolean awaitOwnCheckpoint(Duration timeout) throws Exception {
    long since = System.currentTimeMillis();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      CheckpointStatsSnapshot stats =
          cluster.getExecutionGraph(jobId()).get().getCheckpointStatsSnapshot();
      CompletedCheckpointStats latest =
          stats == null ? null : stats.getHistory().getLatestCompletedCheckpoint();
      if (latest != null && latest.getTriggerTimestamp() >= since) {
        return true;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return false;
  }

  /**
   * Whether the job, once finished, was last restored from a checkpoint or savepoint: a job that
   * recovered from a failure through its checkpoints was; one that started again from nothing (no
   * checkpoints, a restart strategy re-reading its input) was not.
   */
  public boolean restoredFromCheckpoint() throws Exception {
    CheckpointStatsSnapshot stats =
        cluster.getExecutionGraph(jobId()).get().getCheckpointStatsSnapshot();
    return stats != null && stats.getLatestRestoredCheckpoint() != null;
  }

  /**
   * Stops the job with a savepoint in Flink's canonical format, into {@code directory}, without
   * draining it (open windows stay open, in the savepoint). Returns the savepoint's path, for a new
   * job to resume from ({@code execution.state-recovery.path}).
   *
   * <p>A savepoint Flink refuses because a task is not running yet (it is still being deployed) is
   * tried again, up to three times; the job keeps running meanwhile, so the result is the same.
   */
  public String stopWithSavepoint(Path directory) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .stopWithSavepoint(false, directory.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        String cause = rootCauseOf(ExceptionUtils.stripExecutionException(e));
        if (attempt < 3 && cause.contains("Not all required tasks are currently running")) {
          Thread.sleep(500);
          continue;
        }
        throw new IllegalStateException(
            "The job could not be stopped with a savepoint: " + cause, e);
      }
    }
  }

  /**
   * Takes a full checkpoint now and returns its sizes once it has completed. Records the sources
   * emitted before the call are in it: checkpoint barriers follow them through the job.
   *
   * <p>A checkpoint that Flink declines (a task still starting or finishing, say) is tried again,
   * up to {@value #CHECKPOINT_ATTEMPTS} times over about 10 seconds, for a busy machine; what it
   * measures does not depend on the attempt.
   */
  public CheckpointSize checkpointNow() throws Exception {
    CheckpointFailed lastFailure = null;
    for (int attempt = 1; attempt <= CHECKPOINT_ATTEMPTS; attempt++) {
      try {
        return checkpointOnce();
      } catch (CheckpointFailed e) {
        lastFailure = e;
        Thread.sleep(250L * attempt);
      }
    }
    throw new IllegalStateException(
        CHECKPOINT_ATTEMPTS
            + " checkpoints of the job failed; the last: "
            + lastFailure.getMessage(),
        lastFailure);
  }

  private static final int CHECKPOINT_ATTEMPTS = 8;

  private CheckpointSize checkpointOnce() throws Exception {
    long id;
    try {
      id =
          cluster
              .triggerCheckpoint(jobId(), CheckpointType.FULL)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new CheckpointFailed("could not be triggered: " + e.getCause(), e);
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      AccessExecutionGraph graph = cluster.getExecutionGraph(jobId()).get();
      AbstractCheckpointStats stats =
          graph.getCheckpointStatsSnapshot().getHistory().getCheckpointById(id);
      if (stats != null && stats.getStatus() == CheckpointStatsStatus.COMPLETED) {
        Map<String, Long> byVertex = new HashMap<>();
        for (TaskStateStats task : stats.getAllTaskStateStats()) {
          byVertex.put(task.getJobVertexId().toString(), task.getStateSize());
        }
        return new CheckpointSize(
            id,
            stats.getStateSize(),
            stats.getCheckpointedSize(),
            Map.copyOf(byVertex),
            Duration.ofMillis(stats.getEndToEndDuration()));
      }
      if (stats instanceof FailedCheckpointStats failed) {
        throw new CheckpointFailed(id + " failed: " + failed.getFailureMessage(), null);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Checkpoint " + id + " did not complete in " + TIMEOUT);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** A checkpoint that Flink declined or could not start. */
  private static final class CheckpointFailed extends Exception {
    private static final long serialVersionUID = 1L;

    CheckpointFailed(String message, Throwable cause) {
      super("Checkpoint " + message, cause);
    }
  }

  void awaitAllTasksRunning() throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      if (client.getJobStatus().get().isGloballyTerminalState()) {
        return;
      }
      AccessExecutionGraph graph;
      try {
        graph = cluster.getExecutionGraph(jobId()).get();
      } catch (ExecutionException betweenMasterAndArchive) {
        // A job that just finished is briefly in neither place; ask again.
        Thread.sleep(POLL_MILLIS);
        continue;
      }
      boolean allStarted = true;
      for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
        ExecutionState state = vertex.getExecutionState();
        allStarted &= state == ExecutionState.RUNNING || state == ExecutionState.FINISHED;
      }
      if (allStarted) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The job's tasks did not all start within " + TIMEOUT);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
