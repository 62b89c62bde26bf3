package dev.flinktuning.support.grading;

import dev.flinktuning.support.i18n.Texts;
import java.util.Locale;

/**
 * Holds one measurement to a budget, and says everything a learner needs when it is over.
 *
 * <pre>{@code
 * Budget.of("State held for the open windows", "bytes")
 *     .measured(stateBytes)
 *     .atMost(50_000)
 *     .typically("about 1.9 MB", "about 1 KB")
 *     .readOn("module-01-principles/README.md", "Exercise 1")
 *     .verify();
 * }</pre>
 *
 * <p>Its failure message follows the course's grading contract: what was measured, the budget, the
 * starter's and the reference solution's typical values, and where to read on. Its words are in the
 * learner's language ({@link Texts}); a chapter passes its own texts (what, unit, typical values,
 * details) in that language too.
 */
public final class Budget {

  private static final Texts TEXTS = Texts.of(Budget.class);

  private final String what;
  private final String unit;
  private Double measured;
  private Double limit;
  private boolean upperLimit = true;
  private String starterTypically = "?";
  private String referenceTypically = "?";
  private String readOn = null;
  private String details = "";

  private Budget(String what, String unit) {
    this.what = what;
    this.unit = unit;
  }

  /**
   * Starts a budget for one measurement.
   *
   * @param what what is measured, as a learner would say it ("Records sent over the network")
   * @param unit the unit of the value ("bytes", "records", "× the mean"), or "" for none
   */
  public static Budget of(String what, String unit) {
    return new Budget(what, unit);
  }

  public Budget measured(double value) {
    this.measured = value;
    return this;
  }

  /** The measured value must not be above {@code limit}. */
  public Budget atMost(double limit) {
    this.limit = limit;
    this.upperLimit = true;
    return this;
  }

  /** The measured value must not be below {@code limit}. */
  public Budget atLeast(double limit) {
    this.limit = limit;
    this.upperLimit = false;
    return this;
  }

  /** What the starter and the reference solution typically measure, as quoted in the README. */
  public Budget typically(String starter, String reference) {
    this.starterTypically = starter;
    this.referenceTypically = reference;
    return this;
  }

  /** Where the learner reads on: a file and the section in it. */
  public Budget readOn(String file, String section) {
    this.readOn = ReadOn.pointer(file, section);
    return this;
  }

  /** What else the learner should see when over budget: a job's shape, per-subtask counts. */
  public Budget details(String details) {
    this.details = details;
    return this;
  }

  /**
   * Passes silently when within budget.
   *
   * @throws BudgetExceededError with the contract message, when over budget
   */
  public void verify() {
    if (measured == null || limit == null) {
      throw new IllegalStateException(
          "Budget for '" + what + "' needs measured(..) and atMost(..) or atLeast(..)");
    }
    boolean within = upperLimit ? measured <= limit : measured >= limit;
    GradedCheckExtension.printLine(measuredLine());
    if (!within) {
      throw new BudgetExceededError(message());
    }
  }

  /** The contract message; public so a check can print it on success too. */
  public String message() {
    return TEXTS.get(
            "budget.message",
            measuredLine(),
            starterTypically,
            referenceTypically,
            readOn == null ? TEXTS.get("budget.readOn.default") : readOn)
        + (details.isEmpty() ? "" : TEXTS.get("budget.details", details.stripTrailing()));
  }

  /** "What: measured 10,471 records, budget at most 2,000 records". */
  private String measuredLine() {
    return TEXTS.get(
        upperLimit ? "budget.measured.atMost" : "budget.measured.atLeast",
        what,
        withUnit(measured),
        withUnit(limit));
  }

  private String withUnit(Double value) {
    String number =
        value == Math.rint(value)
            ? String.format(Locale.ROOT, "%,d", value.longValue())
            : String.format(Locale.ROOT, "%,.2f", value);
    if (unit.isEmpty()) {
      return number;
    }
    return number + " " + (value == 1 ? singular(unit) : unit);
  }

  /**
   * "1 request", not "1 requests": the unit's last word in the singular, for the plural nouns the
   * checks use ("records", "bytes", "round trips", "entries"). Symbols ("ms", "×", "%") and words
   * that are not plurals are kept.
   */
  static String singular(String unit) {
    int start = unit.lastIndexOf(' ') + 1;
    String word = unit.substring(start);
    if (word.length() < 4 || !word.chars().allMatch(Character::isLowerCase)) {
      return unit;
    }
    String one;
    if (word.endsWith("ies")) {
      one = word.substring(0, word.length() - 3) + "y";
    } else if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) {
      one = word.substring(0, word.length() - 1);
    } else {
      return unit;
    }
    return unit.substring(0, start) + one;
  }
}
