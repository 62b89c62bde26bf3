package dev.flinktuning.metrics;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.flinktuning.support.data.ItemProfile;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.BudgetExceededError;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.OutputMismatchError;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import dev.flinktuning.support.services.CatalogClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.DisplayName;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Grades exercise 4 by mutation, as the course's integrity run grades the course's own checks: it
 * runs the learner's {@link ShelfLabelJobPerformanceTest} once against each of five variants of
 * {@link ShelfLabelJob}'s lookup step. The fast, correct one must pass; the slow ones must fail by
 * the test's {@link Budget}; the ones with wrong output must fail by its {@code OutputCheck}, also
 * when they are slow too, which shows the test compares output before it measures.
 */
@DisplayName("Chapter 2 · Exercise 4 · an honest performance test")
class PerformanceTestGradingTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(PerformanceTestGradingTest.class);

  /** How a variant of the job must end under the learner's test. */
  private enum Expect {
    PASS,
    FAIL_BY_BUDGET,
    FAIL_BY_OUTPUT
  }

  /** The variants of the lookup step, the job's own first. */
  private enum Variant {
    FAST_AND_CORRECT("the job as it is (one request per item)", Expect.PASS),
    NO_CACHE("a request for every purchase, right output", Expect.FAIL_BY_BUDGET),
    TINY_CACHE("a cache of 4 items per subtask, right output", Expect.FAIL_BY_BUDGET),
    CACHE_IN_A_FIELD(
        "one request per subtask, every label with its first item", Expect.FAIL_BY_OUTPUT),
    SLOW_AND_WRONG("a request for every purchase, prices in cents", Expect.FAIL_BY_OUTPUT);

    final String description;
    final Expect expect;

    Variant(String description, Expect expect) {
      this.description = description;
      this.expect = expect;
    }

    ShelfLabelJob.LookupStep step() {
      return switch (this) {
        case FAST_AND_CORRECT -> ShelfLabelJob.CachedLookup::new;
        case NO_CACHE -> NoCache::new;
        case TINY_CACHE -> TinyCache::new;
        case CACHE_IN_A_FIELD -> CacheInAField::new;
        case SLOW_AND_WRONG -> PricesInCents::new;
      };
    }
  }

  /** How the learner's test class ended on one variant. */
  private record Outcome(Variant variant, String status, Throwable thrown) {

    boolean passed() {
      return status.equals("passed");
    }

    boolean failedBy(Class<? extends Throwable> type) {
      return thrown != null && type.isInstance(thrown);
    }

    boolean asExpected() {
      return switch (variant.expect) {
        case PASS -> passed();
        case FAIL_BY_BUDGET -> failedBy(BudgetExceededError.class);
        case FAIL_BY_OUTPUT -> failedBy(OutputMismatchError.class);
      };
    }

    String describe() {
      String how =
          passed()
              ? TEXTS.get("variant.passed")
              : status.equals("not run")
                  ? TEXTS.get("variant.ranNoTest")
                  : TEXTS.get(
                          "variant.failedBy",
                          thrown == null ? "?" : thrown.getClass().getSimpleName())
                      + (thrown == null ? "" : ": " + firstLine(thrown.getMessage()));
      return String.format(
          Locale.ROOT,
          "    %-17s %-62s %s",
          variant.name().toLowerCase(Locale.ROOT).replace('_', ' '),
          "(" + variant.description + ")",
          TEXTS.get("variant.row", how));
    }
  }

  private static final String README = "module-02-metrics/README.md";
  private static final String SECTION = "Exercise 4: an honest performance test";

  @GradedCheck
  @DisplayName("your performance test fails on slow or wrong variants of the job, and only on them")
  void yourTestTellsTheVariantsApart() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Variant variant : Variant.values()) {
      outcomes.add(runLearnersTest(variant));
    }
    String table = describe(outcomes);

    Outcome fast = outcomes.get(0);
    if (!fast.passed()) {
      throw new WrongRouteError(
          TEXTS.get("yourTest.failsTheFastJob", table, ReadOn.pointer(README, SECTION)));
    }

    List<Outcome> slow =
        outcomes.stream().filter(o -> o.variant.expect == Expect.FAIL_BY_BUDGET).toList();
    long rejected = slow.stream().filter(o -> !o.passed()).count();
    Budget.of(TEXTS.get("slowVariants.what"), "")
        .measured(rejected)
        .atLeast(slow.size())
        .typically(
            TEXTS.get("slowVariants.starter"), TEXTS.get("slowVariants.reference", slow.size()))
        .readOn(README, SECTION)
        .details(table)
        .verify();
    for (Outcome outcome : slow) {
      if (!outcome.asExpected()) {
        throw new WrongRouteError(TEXTS.get("yourTest.notByBudget", table));
      }
    }

    for (Outcome outcome : outcomes) {
      if (outcome.variant.expect != Expect.FAIL_BY_OUTPUT || outcome.asExpected()) {
        continue;
      }
      if (outcome.passed()) {
        throw new WrongRouteError(TEXTS.get("yourTest.noCompare", table));
      }
      if (outcome.failedBy(BudgetExceededError.class)) {
        throw new WrongRouteError(TEXTS.get("yourTest.measuresFirst", table));
      }
      throw new WrongRouteError(TEXTS.get("yourTest.notByOutputCheck", table));
    }
  }

  /** Runs the learner's test class, in this JVM, with the job's lookup step swapped. */
  private static Outcome runLearnersTest(Variant variant) {
    ShelfLabelJob.LookupStep original = ShelfLabelJob.lookupStep;
    String quiet = System.getProperty("course.quietVerdicts");
    ShelfLabelJob.lookupStep = variant.step();
    // The learner's budget lines would read as this check's verdicts.
    System.setProperty("course.quietVerdicts", "true");
    try {
      String[] status = {"not run"};
      Throwable[] thrown = {null};
      Launcher launcher = LauncherFactory.create();
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectClass(ShelfLabelJobPerformanceTest.class))
              .build(),
          new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
              if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                if (thrown[0] == null) {
                  status[0] = "failed";
                  thrown[0] = result.getThrowable().orElse(null);
                }
              } else if (test.isTest() && status[0].equals("not run")) {
                status[0] = "passed";
              }
            }
          });
      return new Outcome(variant, status[0], thrown[0]);
    } finally {
      ShelfLabelJob.lookupStep = original;
      if (quiet == null) {
        System.clearProperty("course.quietVerdicts");
      } else {
        System.setProperty("course.quietVerdicts", quiet);
      }
    }
  }

  private static String describe(List<Outcome> outcomes) {
    StringBuilder table = new StringBuilder();
    for (Outcome outcome : outcomes) {
      String expected =
          switch (outcome.variant.expect) {
            case PASS -> "must pass";
            case FAIL_BY_BUDGET -> "must fail by its Budget";
            case FAIL_BY_OUTPUT -> "must fail by its OutputCheck";
          };
      table
          .append(outcome.describe())
          .append(outcome.asExpected() ? "" : "  <-- " + expected)
          .append('\n');
    }
    return table.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  /** Slow: asks the catalog for every purchase. */
  static final class NoCache extends KeyedProcessFunction<Long, ShopEvent, String> {
    private final CatalogClient catalog;

    NoCache(String catalogUrl) {
      catalog = new CatalogClient(catalogUrl);
    }

    @Override
    public void processElement(ShopEvent purchase, Context context, Collector<String> out) {
      out.collect(ShelfLabelJob.label(purchase, catalog.item(purchase.itemId)));
    }
  }

  /** Slow: a cache so small that most purchases still ask the catalog. */
  static final class TinyCache extends KeyedProcessFunction<Long, ShopEvent, String> {
    private final CatalogClient catalog;
    private transient Map<Long, ItemProfile> cache;

    TinyCache(String catalogUrl) {
      catalog = new CatalogClient(catalogUrl);
    }

    @Override
    public void open(OpenContext openContext) {
      cache =
          new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, ItemProfile> eldest) {
              return size() > 4;
            }
          };
    }

    @Override
    public void processElement(ShopEvent purchase, Context context, Collector<String> out) {
      ItemProfile item = cache.computeIfAbsent(purchase.itemId, catalog::item);
      out.collect(ShelfLabelJob.label(purchase, item));
    }
  }

  /** Fast and wrong: one profile per subtask, kept in a field, used for every item. */
  static final class CacheInAField extends KeyedProcessFunction<Long, ShopEvent, String> {
    private final CatalogClient catalog;
    private transient ItemProfile item;

    CacheInAField(String catalogUrl) {
      catalog = new CatalogClient(catalogUrl);
    }

    @Override
    public void processElement(ShopEvent purchase, Context context, Collector<String> out) {
      if (item == null) {
        item = catalog.item(purchase.itemId);
      }
      out.collect(ShelfLabelJob.label(purchase, item));
    }
  }

  /** Slow and wrong: asks for every purchase, and prints the price in cents. */
  static final class PricesInCents extends KeyedProcessFunction<Long, ShopEvent, String> {
    private final CatalogClient catalog;

    PricesInCents(String catalogUrl) {
      catalog = new CatalogClient(catalogUrl);
    }

    @Override
    public void processElement(ShopEvent purchase, Context context, Collector<String> out) {
      ItemProfile item = catalog.item(purchase.itemId);
      String label = ShelfLabelJob.label(purchase, item);
      out.collect(label.substring(0, label.lastIndexOf("price=")) + "price=" + item.priceCents);
    }
  }
}
