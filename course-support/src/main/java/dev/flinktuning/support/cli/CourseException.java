package dev.flinktuning.support.cli;

/**
 * A reason the course command stops, with the one line it prints: what happened and what to do. No
 * stack trace is shown.
 */
final class CourseException extends RuntimeException {

  /** Exit code of a wrong argument or a wrong state the learner can fix. */
  static final int USAGE = 2;

  private final int exitCode;

  CourseException(String message) {
    this(message, USAGE);
  }

  CourseException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
