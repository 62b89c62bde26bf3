package dev.flinktuning.support.grading;

import dev.flinktuning.support.i18n.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The summary at the end of a chapter check: one line per {@link GradedCheck} that ran, then "N of
 * M graded checks pass", printed once, after the tests, as {@code [graded]} lines.
 *
 * <p>In the integrity run ({@code -Pintegrity}) a graded check is expected to fail on the starter:
 * the summary then says so ("N of M graded checks fail on the starter by their budget, as they
 * must") instead of counting passes.
 *
 * <p>The JUnit launcher finds it through {@code META-INF/services}; it prints nothing when no
 * graded check ran, when verdicts are silenced (the grading kit's own tests) or with {@code
 * -Dcourse.summary=false} (the repeat runs, which run the same checks many times).
 *
 * <p>Its words and the checks' names are in the learner's language ({@link Texts}); the integrity
 * run's summary, for the course's maintainers, is always in English.
 */
public final class GradedSummary implements TestExecutionListener {

  private static final Texts TEXTS = Texts.of(GradedSummary.class);

  /** System property: {@code false} turns the summary off. */
  public static final String SUMMARY_PROPERTY = "course.summary";

  private final List<String[]> verdicts = new ArrayList<>();
  private TestPlan plan;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    verdicts.clear();
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (graded(test)) {
      verdicts.add(new String[] {"SKIP", name(test)});
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (graded(test)) {
      boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
      String verdict = GradedCheckExtension.integrityRun() ? (ok ? "OK  " : "BAD ") : verdictOf(ok);
      verdicts.add(new String[] {verdict, name(test)});
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (verdicts.isEmpty() || "false".equalsIgnoreCase(System.getProperty(SUMMARY_PROPERTY))) {
      return;
    }
    for (String line : lines(verdicts, GradedCheckExtension.integrityRun())) {
      GradedCheckExtension.printLine(line);
    }
    verdicts.clear();
  }

  /** The summary's lines, without the "[graded]" prefix. */
  static List<String> lines(List<String[]> verdicts, boolean integrity) {
    List<String> lines = new ArrayList<>();
    lines.add(
        integrity ? "Summary of the integrity run (on the starters):" : TEXTS.get("summary.title"));
    long good = 0;
    for (String[] verdict : verdicts) {
      lines.add("  " + verdict[0] + " " + verdict[1]);
      if (verdict[0].equals("PASS") || verdict[0].equals("OK  ")) {
        good++;
      }
    }
    int all = verdicts.size();
    lines.add(
        integrity
            ? String.format(
                Locale.ROOT,
                "%d of %d graded %s on the starter by %s budget, as %s must.",
                good,
                all,
                all == 1 ? "check fails" : "checks fail",
                all == 1 ? "its" : "their",
                all == 1 ? "it" : "they")
            : TEXTS.get(all == 1 ? "summary.passesOne" : "summary.passesMany", good, all));
    return lines;
  }

  private static String verdictOf(boolean passed) {
    return passed ? "PASS" : "FAIL";
  }

  private static boolean graded(TestIdentifier test) {
    return test.isTest()
        && test.getTags().stream().anyMatch(tag -> tag.getName().equals(GradedCheck.TAG));
  }

  /** The check's display name after its class's: "Chapter 1 · Exercise 1 · ... › the check". */
  private String name(TestIdentifier test) {
    if (plan == null) {
      return displayName(test);
    }
    return plan.getParent(test)
        .map(parent -> displayName(parent) + " › " + displayName(test))
        .orElse(displayName(test));
  }

  /** A test's or a test class's name in the learner's language. */
  private static String displayName(TestIdentifier test) {
    if (!Texts.chinese()) {
      return test.getDisplayName();
    }
    TestSource source = test.getSource().orElse(null);
    if (source instanceof MethodSource method) {
      return DisplayNames.of(
          DisplayNames.load(method.getClassName()), method.getMethodName(), test.getDisplayName());
    }
    if (source instanceof ClassSource type) {
      return DisplayNames.of(DisplayNames.load(type.getClassName()), null, test.getDisplayName());
    }
    return test.getDisplayName();
  }
}
