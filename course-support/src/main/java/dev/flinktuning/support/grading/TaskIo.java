package dev.flinktuning.support.grading;

import dev.flinktuning.support.grading.JobShape.Vertex;
import dev.flinktuning.support.i18n.Texts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.metrics.groups.TaskIOMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/**
 * Records and bytes in and out of each subtask of a job, from Flink's task I/O metrics: the numbers
 * the Web UI shows as "Records Received", "Records Sent" and "Bytes Sent".
 *
 * <p>A task's {@code numRecordsOut} counts records that leave its chain, so for a task with an
 * outgoing edge it counts records that cross to another task, through the network stack.
 */
public final class TaskIo {

  private static final Texts TEXTS = Texts.of(TaskIo.class);

  /** The I/O counters of one subtask (one parallel instance of a vertex). */
  public record Subtask(int index, long recordsIn, long recordsOut, long bytesOut) {}

  private final JobShape shape;
  private final Map<String, List<Subtask>> subtasksByVertex;

  private TaskIo(JobShape shape, Map<String, List<Subtask>> subtasksByVertex) {
    this.shape = shape;
    this.subtasksByVertex = subtasksByVertex;
  }

  static TaskIo read(InMemoryReporter reporter, JobID jobId, JobShape shape) {
    Map<String, Map<Integer, TaskMetricGroup>> latestAttempts = new HashMap<>();
    for (TaskMetricGroup task : reporter.findTaskMetricGroups(jobId, ".*")) {
      latestAttempts
          .computeIfAbsent(task.vertexId().toString(), id -> new HashMap<>())
          .merge(
              task.subtaskIndex(), task, (a, b) -> a.attemptNumber() >= b.attemptNumber() ? a : b);
    }
    Map<String, List<Subtask>> subtasks = new HashMap<>();
    latestAttempts.forEach(
        (vertexId, bySubtask) -> {
          List<Subtask> list = new ArrayList<>();
          bySubtask.forEach(
              (index, task) -> {
                TaskIOMetricGroup io = task.getIOMetricGroup();
                if (io == null) {
                  return; // still being set up: it registers metrics before it is complete
                }
                list.add(
                    new Subtask(
                        index,
                        io.getNumRecordsInCounter().getCount(),
                        io.getNumRecordsOutCounter().getCount(),
                        io.getNumBytesOutCounter().getCount()));
              });
          list.sort(Comparator.comparingInt(Subtask::index));
          subtasks.put(vertexId, List.copyOf(list));
        });
    return new TaskIo(shape, subtasks);
  }

  /** The subtasks of a vertex, by index. */
  public List<Subtask> subtasks(Vertex vertex) {
    return subtasksByVertex.getOrDefault(vertex.id(), List.of());
  }

  public long recordsIn(Vertex vertex) {
    return subtasks(vertex).stream().mapToLong(Subtask::recordsIn).sum();
  }

  public long recordsOut(Vertex vertex) {
    return subtasks(vertex).stream().mapToLong(Subtask::recordsOut).sum();
  }

  public long bytesOut(Vertex vertex) {
    return subtasks(vertex).stream().mapToLong(Subtask::bytesOut).sum();
  }

  /** All records that crossed from one task to another, over every edge of the job. */
  public long recordsSentBetweenTasks() {
    return shape.vertices().stream()
        .filter(shape::hasOutgoingEdge)
        .mapToLong(this::recordsOut)
        .sum();
  }

  /**
   * All bytes that crossed from one task to another, over every edge of the job: what Flink's
   * serializers wrote for the records (and the few watermarks and markers that travel with them).
   * The Web UI shows it per task as "Bytes Sent".
   */
  public long bytesSentBetweenTasks() {
    return shape.vertices().stream().filter(shape::hasOutgoingEdge).mapToLong(this::bytesOut).sum();
  }

  /**
   * One line per task that sends records to another task: how it ships them, records and bytes
   * sent, and bytes per record. For failure messages about what crosses the network.
   */
  public String describeBytesSent() {
    StringBuilder text = new StringBuilder();
    for (JobShape.Edge edge : shape.edges()) {
      long records = recordsOut(edge.from());
      long bytes = bytesOut(edge.from());
      text.append(
              TEXTS.get(
                  "taskIo.bytesSent",
                  JobShape.shorten(edge.from().name()),
                  edge.shipStrategy(),
                  JobShape.shorten(edge.to().name()),
                  String.format("%,d", records),
                  String.format("%,d", bytes),
                  String.format("%,.1f", records == 0 ? 0.0 : bytes / (double) records)))
          .append(System.lineSeparator());
    }
    return text.toString();
  }

  /**
   * How unevenly a vertex's input is spread: records received by its busiest subtask divided by the
   * mean over its subtasks. 1.0 is perfectly even; with parallelism p, p is the worst.
   */
  public double maxToMeanRecordsIn(Vertex vertex) {
    List<Subtask> subtasks = subtasks(vertex);
    long max = subtasks.stream().mapToLong(Subtask::recordsIn).max().orElse(0);
    double mean = subtasks.stream().mapToLong(Subtask::recordsIn).average().orElse(0);
    return mean == 0 ? 0 : max / mean;
  }

  /** The non-source vertex that received the most records: where a job's main load lands. */
  public Vertex busiestReceiver() {
    return shape.vertices().stream()
        .filter(v -> !v.isInput())
        .max(Comparator.comparingLong(this::recordsIn))
        .orElseThrow(() -> new IllegalStateException("The job has no vertex after its sources"));
  }

  /** One line per vertex: records in and out per subtask. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (Vertex vertex : shape.vertices()) {
      text.append(String.format("  %s%n", vertex.name()));
      for (Subtask subtask : subtasks(vertex)) {
        text.append(
            String.format(
                "    #%d in %,d out %,d%n",
                subtask.index(), subtask.recordsIn(), subtask.recordsOut()));
      }
    }
    return text.toString();
  }
}
