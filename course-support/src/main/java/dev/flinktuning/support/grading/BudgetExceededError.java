package dev.flinktuning.support.grading;

/**
 * A graded check's measurement is over its budget. Thrown by {@link Budget}, after the output was
 * found correct; the integrity run expects every graded check to end this way on its starter.
 */
public final class BudgetExceededError extends AssertionError {

  private static final long serialVersionUID = 1L;

  BudgetExceededError(String message) {
    super(message);
  }
}
