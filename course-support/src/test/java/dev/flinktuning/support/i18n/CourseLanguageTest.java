package dev.flinktuning.support.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.BudgetExceededError;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.RouteCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The checks' messages in English and in Chinese (-Dcourse.lang)")
class CourseLanguageTest {

  private static final String README = "module-02-metrics/README.md";
  private static final String SECTION = "Exercise 3: Async I/O";
  private static final String N = System.lineSeparator();

  private final String langBefore = System.getProperty(Texts.LANG_PROPERTY);
  private final Locale localeBefore = Locale.getDefault();

  @AfterEach
  void restore() {
    if (langBefore == null) {
      System.clearProperty(Texts.LANG_PROPERTY);
    } else {
      System.setProperty(Texts.LANG_PROPERTY, langBefore);
    }
    Locale.setDefault(localeBefore);
    Texts.reset();
  }

  @Test
  @DisplayName("in English, a budget message is as it always was, byte for byte")
  void englishBudgetUnchanged() {
    String expected =
        "Catalog requests per event: measured 10,471 requests, budget at most 2,000 requests."
            + N
            + "  Typically: the starter 10,471 requests; the reference solution about 1,000."
            + N
            + "  Read on: module-02-metrics/README.md, section \"Exercise 3: Async I/O\"."
            + N
            + "  What was measured:"
            + N
            + "  2.3× slower";
    assertThat(in("en", CourseLanguageTest::budgetMessage)).isEqualTo(expected);
    Locale.setDefault(Locale.GERMANY);
    assertThat(in("", CourseLanguageTest::budgetMessage)).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "with course.lang=zh, a budget message is in Chinese and points at the Chinese README")
  void chineseBudget() throws Exception {
    String message = in("zh", CourseLanguageTest::budgetMessage);
    assertThat(message)
        .startsWith("每个事件的目录请求数：实测 10,471 requests，预算上限 2,000 requests。")
        .contains("典型值：起始作业 10,471 requests；参考答案 about 1,000。")
        .contains("延伸阅读：module-02-metrics/README.zh-CN.md 中的“" + chineseHeading() + "”一节。")
        .contains("测量明细：" + N + "  2.3× slower")
        .doesNotContain("Read on", "README.md,");
  }

  @Test
  @DisplayName(
      "a Chinese default locale picks Chinese; course.lang=en and the integrity run pick English")
  void languagePicked() {
    Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
    assertThat(in("", Texts::chinese)).isTrue();
    assertThat(in("en", Texts::chinese)).isFalse();
    assertThat(in("zh-CN", Texts::chinese)).isTrue();
    System.setProperty("course.integrity", "true");
    try {
      assertThat(in("zh", Texts::chinese)).isFalse();
    } finally {
      System.clearProperty("course.integrity");
    }
  }

  @Test
  @DisplayName("a wrong-route message is in Chinese with course.lang=zh, in English without")
  void wrongRoute() throws Exception {
    Texts kit = Texts.of(RouteCheck.class);
    Supplier<String> message =
        () ->
            kit.get(
                "route.parallelismCut",
                "the enrichment",
                "Enrich",
                1,
                4,
                ReadOn.pointer(README, SECTION),
                "  [1] Enrich" + N);
    assertThat(in("en", message))
        .isEqualTo(
            "Parallelism cut to make the problem disappear: the enrichment ('Enrich') runs at"
                + " parallelism 1; it must run at 4 or more. At parallelism 1 nothing is spread, so"
                + " there is nothing to measure, and the job cannot scale."
                + N
                + "  Read on: module-02-metrics/README.md, section \"Exercise 3: Async I/O\"."
                + N
                + "  The job:"
                + N
                + "  [1] Enrich"
                + N);
    assertThat(in("zh", message))
        .startsWith("为了让问题消失而降低了并行度：the enrichment（'Enrich'）的并行度为 1，而它至少应为 4。")
        .contains("延伸阅读：module-02-metrics/README.zh-CN.md 中的“" + chineseHeading() + "”一节。");
  }

  @Test
  @DisplayName("a section the Chinese README does not have keeps the English pointer")
  void unknownSectionFallsBack() {
    assertThat(in("zh", () -> ReadOn.pointer(README, "No such section")))
        .isEqualTo("module-02-metrics/README.md, section \"No such section\"");
    assertThat(in("zh", () -> ReadOn.pointer("no-such-module/README.md", SECTION)))
        .isEqualTo("no-such-module/README.md, section \"Exercise 3: Async I/O\"");
    assertThat(in("zh", () -> ReadOn.pointer(README, "Exercise 3")))
        .as("a section named by its heading's beginning")
        .isEqualTo(in("zh", () -> ReadOn.pointer(README, SECTION)));
  }

  /** The Chinese heading under the English heading's anchor, read here without the kit's help. */
  private static String chineseHeading() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    List<String> lines =
        Files.readAllLines(
            root.resolve("module-02-metrics/README.zh-CN.md"), StandardCharsets.UTF_8);
    int anchor = lines.indexOf("<a id=\"exercise-3-async-io\"></a>");
    assertThat(anchor).as("the Chinese README's anchor for Exercise 3").isNotNegative();
    String heading = lines.get(anchor + 1).replaceFirst("^#+\\s+", "");
    assertThat(heading).doesNotContain("Exercise");
    return heading;
  }

  private static String budgetMessage() {
    Budget budget =
        Budget.of(Texts.chinese() ? "每个事件的目录请求数" : "Catalog requests per event", "requests")
            .measured(10_471)
            .atMost(2_000)
            .typically("10,471 requests", "about 1,000")
            .readOn(README, SECTION)
            .details("  2.3× slower\n");
    try {
      budget.verify();
    } catch (BudgetExceededError expected) {
      return expected.getMessage();
    }
    throw new AssertionError("over budget, but verify() passed");
  }

  private static <T> T in(String lang, Supplier<T> what) {
    System.setProperty(Texts.LANG_PROPERTY, lang);
    Texts.reset();
    try {
      return what.get();
    } finally {
      Texts.reset();
    }
  }

  @Test
  @DisplayName("placeholders are filled, apostrophes and other braces kept")
  void fill() {
    assertThat(Texts.fill("{1}'s {0} {x} {9}", "a", "b")).isEqualTo("b's a {x} {9}");
    assertThatThrownBy(() -> Texts.of(CourseLanguageTest.class).get("no.such.key"))
        .isInstanceOf(java.util.MissingResourceException.class);
  }
}
