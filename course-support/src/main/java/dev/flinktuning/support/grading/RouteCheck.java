package dev.flinktuning.support.grading;

import dev.flinktuning.support.grading.JobShape.Edge;
import dev.flinktuning.support.grading.JobShape.Vertex;
import dev.flinktuning.support.i18n.Texts;
import java.util.List;
import java.util.Locale;

/**
 * Defences that find a job's measured part by what it does, and reject routes that make the
 * measured thing disappear: results computed before the job started, the keyed work run at
 * parallelism 1, a decoy stage measured instead of the real one. Each throws a {@link
 * WrongRouteError} that says what was wrong and where to read on.
 *
 * <pre>{@code
 * JobRun run = CLUSTER.run(env);
 * RouteCheck.sourcesReadAll(run, EVENTS, README, SECTION);
 * Vertex counting =
 *     RouteCheck.keyedOperatorReceivingAll(run, EVENTS, PARALLELISM, "the counting", README, SECTION);
 * }</pre>
 */
public final class RouteCheck {

  private static final Texts TEXTS = Texts.of(RouteCheck.class);

  private RouteCheck() {}

  private static String readOn(String file, String section) {
    return ReadOn.pointer(file, section);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * The job does the work: its sources read at least {@code inputRecords} records, the whole input.
   * A job that reads the input before it starts and emits precomputed results reads less.
   *
   * @param readOnFile the chapter README to read on in, and {@code readOnSection} its section
   */
  public static void sourcesReadAll(
      JobRun run, long inputRecords, String readOnFile, String readOnSection) {
    TaskIo io = run.taskIo();
    long read = run.shape().sources().stream().mapToLong(io::recordsIn).sum();
    if (read < inputRecords) {
      throw new WrongRouteError(
          TEXTS.get(
              "route.workOutsideTheJob",
              count(read),
              count(inputRecords),
              readOn(readOnFile, readOnSection),
              run.shape().describe()));
    }
  }

  /**
   * Finds the keyed operator that received all {@code records} records through a keyed (HASH) edge,
   * and checks that it runs at least at {@code minParallelism}.
   *
   * @param what what the operator does, in the learner's words ("the counting per item")
   * @param readOnFile the chapter README to read on in, and {@code readOnSection} its section
   * @return the operator's vertex, for the check to measure
   */
  public static Vertex keyedOperatorReceivingAll(
      JobRun run,
      long records,
      int minParallelism,
      String what,
      String readOnFile,
      String readOnSection) {
    TaskIo io = run.taskIo();
    List<Vertex> keyed =
        run.shape().edges().stream()
            .filter(edge -> edge.shipStrategy().toUpperCase(Locale.ROOT).equals("HASH"))
            .map(Edge::to)
            .distinct()
            .filter(vertex -> io.recordsIn(vertex) == records)
            .toList();
    if (keyed.isEmpty()) {
      throw new WrongRouteError(
          TEXTS.get(
              "route.operatorMissing",
              count(records),
              what,
              readOn(readOnFile, readOnSection),
              run.shape().describe(),
              io.describe()));
    }
    Vertex vertex = keyed.get(0);
    if (vertex.parallelism() < minParallelism) {
      throw new WrongRouteError(
          TEXTS.get(
              "route.parallelismCut",
              what,
              JobShape.shorten(vertex.name()),
              vertex.parallelism(),
              minParallelism,
              readOn(readOnFile, readOnSection),
              run.shape().describe()));
    }
    return vertex;
  }
}
