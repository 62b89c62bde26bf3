package dev.flinktuning.support.grading;

/** A job's output differs from the oracle's; thrown by {@link OutputCheck}. */
public final class OutputMismatchError extends AssertionError {

  private static final long serialVersionUID = 1L;

  OutputMismatchError(String message) {
    super(message);
  }

  /** The same mismatch, with a line that says what it looks like and where to read on. */
  public OutputMismatchError withHint(String hint) {
    OutputMismatchError hinted =
        new OutputMismatchError(getMessage() + System.lineSeparator() + hint);
    hinted.setStackTrace(getStackTrace());
    return hinted;
  }
}
