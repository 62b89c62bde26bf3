package dev.flinktuning.support.grading;

import dev.flinktuning.support.i18n.Texts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Correctness first: compares a job's output with the oracle's, as multisets (order does not
 * matter, duplicates do). Every graded check calls this before it measures anything, so an
 * "optimisation" that drops, duplicates or fakes records fails here.
 */
public final class OutputCheck {

  private static final int SHOWN = 5;
  private static final Texts TEXTS = Texts.of(OutputCheck.class);

  private OutputCheck() {}

  /**
   * Asserts that {@code actual} holds exactly the records of {@code expected}, each as often.
   *
   * @param what what the records are ("hourly revenue per category")
   * @throws OutputMismatchError listing counts and the first missing and unexpected records
   */
  public static <T> void assertSameRecords(
      String what, Collection<? extends T> actual, Collection<? extends T> expected) {
    Map<T, Integer> missing = counts(expected);
    List<T> unexpected = new ArrayList<>();
    for (T record : actual) {
      Integer left = missing.get(record);
      if (left == null) {
        unexpected.add(record);
      } else if (left == 1) {
        missing.remove(record);
      } else {
        missing.put(record, left - 1);
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return;
    }
    List<T> missingList = new ArrayList<>();
    missing.forEach(
        (record, n) -> {
          for (int i = 0; i < n; i++) {
            missingList.add(record);
          }
        });
    throw new OutputMismatchError(
        TEXTS.get(
            "output.wrong",
            what,
            String.format("%,d", actual.size()),
            String.format("%,d", expected.size()),
            String.format("%,d", missingList.size()),
            String.format("%,d", unexpected.size()),
            firstFew(missingList),
            firstFew(unexpected)));
  }

  private static <T> Map<T, Integer> counts(Collection<? extends T> records) {
    Map<T, Integer> counts = new HashMap<>();
    for (T record : records) {
      counts.merge(record, 1, Integer::sum);
    }
    return counts;
  }

  private static String firstFew(List<?> records) {
    if (records.isEmpty()) {
      return TEXTS.get("output.none");
    }
    List<?> shown = records.subList(0, Math.min(SHOWN, records.size()));
    return shown + (records.size() > SHOWN ? " ..." : "");
  }
}
