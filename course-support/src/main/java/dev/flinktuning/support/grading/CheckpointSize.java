package dev.flinktuning.support.grading;

import dev.flinktuning.support.grading.JobShape.Vertex;
import java.time.Duration;
import java.util.Map;

/**
 * What one completed checkpoint held, as the Web UI's Checkpoints tab shows it.
 *
 * @param id the checkpoint's id
 * @param stateSize the full size of the job's state in this checkpoint, in bytes
 * @param checkpointedSize the bytes this checkpoint wrote (smaller than stateSize when incremental)
 * @param stateSizeByVertex full state size per vertex id, in bytes
 * @param duration from trigger to the last acknowledgement
 */
public record CheckpointSize(
    long id,
    long stateSize,
    long checkpointedSize,
    Map<String, Long> stateSizeByVertex,
    Duration duration) {

  /**
   * The full state of every vertex but the sources, in bytes: what the job's operators hold,
   * without the sources' read positions.
   */
  public long stateSizeAfterSources(JobShape shape) {
    return shape.vertices().stream().filter(v -> !v.isInput()).mapToLong(this::stateSizeOf).sum();
  }

  /** The full state size of one vertex in this checkpoint, in bytes. */
  public long stateSizeOf(Vertex vertex) {
    return stateSizeByVertex.getOrDefault(vertex.id(), 0L);
  }
}
