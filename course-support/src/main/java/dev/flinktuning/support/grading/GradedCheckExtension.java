package dev.flinktuning.support.grading;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints a one-line verdict for each {@link GradedCheck}, and runs the integrity check.
 *
 * <p><b>Grading</b> (the default): a check passes or fails as written.
 *
 * <p><b>Integrity</b> ({@code -Pintegrity}, system property {@code course.integrity=true}), run
 * against the starters: a check passes only if it failed by a {@link BudgetExceededError}, that is,
 * the starter's output was right and its measurement over budget. A check that passes on the
 * starter, fails on the starter's output, or crashes, fails the integrity run.
 *
 * <p>The verdict words ({@code PASS}, {@code FAIL}) stay as they are in every language, for scripts
 * that read the lines; the check's name and message are in the learner's language ({@link
 * dev.flinktuning.support.i18n.Texts}). The integrity run, for the course's maintainers, is always
 * in English.
 */
public final class GradedCheckExtension
    implements TestExecutionExceptionHandler, AfterTestExecutionCallback {

  /** System property that switches on the integrity run. */
  public static final String INTEGRITY_PROPERTY = "course.integrity";

  /** System property that silences verdict lines; the grading kit's own tests set it. */
  static final String QUIET_PROPERTY = "course.quietVerdicts";

  private static final Namespace NAMESPACE = Namespace.create(GradedCheckExtension.class);
  private static final String FAILED_BY_BUDGET = "failedByBudget";

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    String name = name(context);
    if (!integrityRun()) {
      verdict("FAIL", name, firstLine(thrown.getMessage()));
      throw thrown;
    }
    if (thrown instanceof BudgetExceededError) {
      context.getStore(NAMESPACE).put(FAILED_BY_BUDGET, true);
      verdict("OK  ", name, "fails on the starter, as it must: " + firstLine(thrown.getMessage()));
      return;
    }
    verdict("BAD ", name, "fails on the starter, but not by its budget");
    if (thrown instanceof OutputMismatchError) {
      throw new AssertionError(
          "Integrity: on the starter, this graded check failed its output check. A starter must"
              + " be correct and slow; fix the starter or the oracle.\n"
              + thrown.getMessage(),
          thrown);
    }
    throw new AssertionError(
        "Integrity: on the starter, this graded check crashed instead of failing by a budget: "
            + thrown,
        thrown);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      return;
    }
    String name = name(context);
    if (!integrityRun()) {
      verdict("PASS", name, "");
      return;
    }
    if (!context.getStore(NAMESPACE).getOrDefault(FAILED_BY_BUDGET, Boolean.class, false)) {
      verdict("BAD ", name, "passes on the starter");
      throw new AssertionError(
          "Integrity: this graded check passes on the starter. A check the starter passes"
              + " teaches nothing: tighten what it measures, or make the starter slow for real.");
    }
  }

  /** The check's name in the learner's language (the integrity run's is English). */
  private static String name(ExtensionContext context) {
    return DisplayNames.of(
        context.getTestClass().orElse(null),
        context.getTestMethod().map(method -> method.getName()).orElse(null),
        context.getDisplayName());
  }

  static boolean integrityRun() {
    return Boolean.getBoolean(INTEGRITY_PROPERTY);
  }

  private static void verdict(String verdict, String check, String detail) {
    printLine(verdict + " " + check + (detail.isEmpty() ? "" : " | " + detail));
  }

  /** Prints one "[graded]" line for the learner, unless verdicts are silenced. */
  static void printLine(String line) {
    if (!Boolean.getBoolean(QUIET_PROPERTY)) {
      System.out.println("[graded] " + line);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
