package dev.flinktuning.support.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.dispatcher.UnavailableDispatcherOperationException;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.util.ExceptionUtils;

/**
 * A job's checkpoints as its own configuration takes them, read from Flink's checkpoint statistics
 * (what the Web UI's Checkpoints tab shows): checkpointed against full size, duration, alignment,
 * where a checkpoint was written, whether the job was restored from one.
 *
 * <p>{@link JobRun#checkpointNow()} always takes a full checkpoint; {@link #trigger()} here takes
 * the kind the job is configured for, so incremental checkpoints stay incremental.
 */
public final class JobCheckpoints {

  private static final long POLL_MILLIS = 20;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  /** Flink's external pointer for a checkpoint kept in the JobManager's memory. */
  static final String NOT_EXTERNALLY_ADDRESSABLE = "<checkpoint-not-externally-addressable>";

  private final MiniCluster cluster;
  private final JobID jobId;

  private JobCheckpoints(MiniCluster cluster, JobID jobId) {
    this.cluster = cluster;
    this.jobId = jobId;
  }

  /** The checkpoints of {@code run}'s job on {@code cluster}. */
  public static JobCheckpoints of(GradingCluster cluster, JobRun run) {
    return new JobCheckpoints(cluster.cluster(), run.jobId());
  }

  /**
   * One completed checkpoint.
   *
   * @param id its id
   * @param stateSize the full size of the job's state, in bytes
   * @param checkpointedSize the bytes this checkpoint wrote (less than stateSize when incremental)
   * @param duration from trigger to the last acknowledgement
   * @param alignment the longest time a subtask spent aligning barriers
   * @param persistedInFlightData bytes of in-flight data written (unaligned checkpoints)
   * @param externalPath where it was written; {@code null} when it is in the JobManager's memory
   */
  public record Completed(
      long id,
      long stateSize,
      long checkpointedSize,
      Duration duration,
      Duration alignment,
      long persistedInFlightData,
      String externalPath) {

    /** Whether the checkpoint was written to a file system, and so outlives the JobManager. */
    public boolean durable() {
      return externalPath != null;
    }
  }

  /**
   * Triggers a checkpoint of the kind the job is configured for and waits until it completes.
   *
   * @throws CheckpointFailedException if Flink declines it or it fails (a timeout, say), with
   *     Flink's reason
   */
  public Completed trigger() throws Exception {
    long id = triggerWhenReady();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      AbstractCheckpointStats stats = snapshot().getHistory().getCheckpointById(id);
      if (stats instanceof CompletedCheckpointStats completed
          && stats.getStatus() == CheckpointStatsStatus.COMPLETED) {
        return completed(completed);
      }
      if (stats instanceof FailedCheckpointStats failed) {
        throw new CheckpointFailedException(
            "Checkpoint " + id + " failed: " + failed.getFailureMessage(), null);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Checkpoint " + id + " did not complete in " + TIMEOUT);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * Triggers a checkpoint; while the job is still starting (its JobManager initializing, a task not
   * yet running), Flink refuses, and this tries again, for up to {@link #START_TIMEOUT}.
   */
  private long triggerWhenReady() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try {
        return cluster
            .triggerCheckpoint(jobId, CheckpointType.CONFIGURED)
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        Throwable cause = ExceptionUtils.stripExecutionException(e);
        if (!stillStarting(cause) || System.nanoTime() > deadline) {
          throw new CheckpointFailedException(
              "Flink could not take the checkpoint: " + rootMessage(cause), cause);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Whether Flink refused the checkpoint only because the job has not fully started yet. */
  private static boolean stillStarting(Throwable failure) {
    if (ExceptionUtils.findThrowable(failure, UnavailableDispatcherOperationException.class)
        .isPresent()) {
      return true;
    }
    return ExceptionUtils.findThrowable(failure, CheckpointException.class)
        .map(
            e ->
                e.getCheckpointFailureReason()
                    == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING)
        .orElse(false);
  }

  /** Every completed checkpoint in Flink's history, oldest first. */
  public List<Completed> completed() throws Exception {
    List<Completed> all = new ArrayList<>();
    for (AbstractCheckpointStats stats : snapshot().getHistory().getCheckpoints()) {
      if (stats instanceof CompletedCheckpointStats completed) {
        all.add(completed(completed));
      }
    }
    all.sort((a, b) -> Long.compare(a.id(), b.id()));
    return all;
  }

  /** How many checkpoints failed (declined, expired, ...) so far. */
  public long failedCount() throws Exception {
    return snapshot().getCounts().getNumberOfFailedCheckpoints();
  }

  /** How many checkpoints completed so far. */
  public long completedCount() throws Exception {
    return snapshot().getCounts().getNumberOfCompletedCheckpoints();
  }

  /**
   * The id of the checkpoint or savepoint the job was last restored from, or -1 if it never was:
   * after a failure, a job that recovers from a checkpoint has one; a job that starts over from
   * nothing has none.
   */
  public long restoredFrom() throws Exception {
    RestoredCheckpointStats restored = snapshot().getLatestRestoredCheckpoint();
    return restored == null ? -1 : restored.getCheckpointId();
  }

  private CheckpointStatsSnapshot snapshot() throws Exception {
    return cluster.getExecutionGraph(jobId).get().getCheckpointStatsSnapshot();
  }

  private static Completed completed(CompletedCheckpointStats stats) {
    String path = stats.getExternalPath();
    return new Completed(
        stats.getCheckpointId(),
        stats.getStateSize(),
        stats.getCheckpointedSize(),
        Duration.ofMillis(stats.getEndToEndDuration()),
        Duration.ofMillis(longestAlignment(stats)),
        stats.getPersistedData(),
        path == null || path.equals(NOT_EXTERNALLY_ADDRESSABLE) ? null : path);
  }

  private static long longestAlignment(CompletedCheckpointStats stats) {
    long longest = 0;
    for (TaskStateStats task : stats.getAllTaskStateStats()) {
      longest = Math.max(longest, task.getSummaryStats().getAlignmentDurationStats().getMaximum());
    }
    return longest;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** A checkpoint that Flink declined or that failed; the message says why. */
  public static final class CheckpointFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    CheckpointFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
