package dev.flinktuning.support.grading;

/** A job's output differs from the oracle's; thrown by {@link OutputCheck}. */
public final class OutputMismatchError extends AssertionError {

  private static final long serialVersionUID = 1L;

  OutputMismatchError(String message) {
    super(message);
  }
}
