package dev.flinktuning.support.grading;

import dev.flinktuning.support.grading.JobShape.Edge;
import dev.flinktuning.support.grading.JobShape.Vertex;
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

  private RouteCheck() {}

  private static String readOn(String file, String section) {
    return file + ", section \"" + section + "\"";
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
          String.format(
              Locale.ROOT,
              "Work done outside the job: its sources read %,d records, but the input holds %,d."
                  + " The job must read its input itself; results computed before it starts (in"
                  + " main() or while building the job) do not scale out and do not survive a"
                  + " restart.%n  Read on: %s.%n  The job:%n%s",
              read,
              inputRecords,
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
          String.format(
              Locale.ROOT,
              "The lesson's operator is missing: no operator received all %,d records through a"
                  + " keyBy, so %s is not done by a keyed operator in parallel (a windowAll, a"
                  + " single task, or work done outside the job?).%n  Read on: %s.%n"
                  + "  The job:%n%s%s",
              records,
              what,
              readOn(readOnFile, readOnSection),
              run.shape().describe(),
              io.describe()));
    }
    Vertex vertex = keyed.get(0);
    if (vertex.parallelism() < minParallelism) {
      throw new WrongRouteError(
          String.format(
              Locale.ROOT,
              "Parallelism cut to make the problem disappear: %s ('%s') runs at parallelism %d;"
                  + " it must run at %d or more. At parallelism %d nothing is spread, so there is"
                  + " nothing to measure, and the job cannot scale.%n  Read on: %s.%n  The job:%n%s",
              what,
              JobShape.shorten(vertex.name()),
              vertex.parallelism(),
              minParallelism,
              vertex.parallelism(),
              readOn(readOnFile, readOnSection),
              run.shape().describe()));
    }
    return vertex;
  }
}
