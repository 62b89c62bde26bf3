package dev.flinktuning.support.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test as a graded check: it fails on the chapter's starter and passes once the exercise is
 * solved.
 *
 * <p>A graded check first compares the job's output with an oracle ({@link OutputCheck}), then
 * measures what the lesson is about and holds it to a {@link Budget}. It prints a one-line verdict.
 * Under {@code -Pintegrity} its verdict is turned around: it must fail on the starter by a budget,
 * not by a wrong output, a crash or a time-out (see {@link GradedCheckExtension}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Tag(GradedCheck.TAG)
@ExtendWith(GradedCheckExtension.class)
public @interface GradedCheck {

  /** The JUnit tag every graded check carries; {@code -Dgroups=graded} runs only these. */
  String TAG = "graded";

  /**
   * True when the check compares running times ({@link RelativeTimer}) rather than counting: the
   * integrity run then gives its mutants the machine to themselves, and the READMEs say which
   * checks are timed.
   */
  boolean timed() default false;
}
