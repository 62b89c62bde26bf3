package dev.flinktuning.support.grading;

/**
 * A job gave the right output by a route the lesson rejects: state kept outside Flink's state, the
 * measured operator run at parallelism 1, results computed before the job started, a type that
 * still goes to Kryo. Thrown by the grading kit's defences, after the output check and before the
 * budget.
 *
 * <p>Its message starts with what was wrong, in the learner's words ("state kept outside Flink's
 * state: the job's output changed after a restore"), then what was measured and where to read on.
 */
public final class WrongRouteError extends AssertionError {

  private static final long serialVersionUID = 1L;

  public WrongRouteError(String message) {
    super(message);
  }
}
