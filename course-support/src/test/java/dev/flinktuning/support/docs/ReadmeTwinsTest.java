package dev.flinktuning.support.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ReadmeTwins: the Chinese READMEs say what the English ones say")
class ReadmeTwinsTest {

  private static final String ENGLISH =
      """
      # Chapter 9: speed

      [简体中文](README.zh-CN.md)

      ## Run it

      ```bash
      # Start the job.
      ./mvnw -q exec:exec -Dstarter=SlowJob
      ```

      ## What you will see

      | Job | Requests | Time |
      |---|---|---|
      | Starter | 10,471 | 40-60 s |
      | Reference | 1 | 5-8 s |
      """;

  private static final String CHINESE =
      """
      <a id="chapter-9-speed"></a>
      # 第 9 章：速度

      [English](README.md)

      <a id="run-it"></a>
      ## 运行

      ```bash
      # 启动作业。
      ./mvnw -q exec:exec -Dstarter=SlowJob
      ```

      <a id="what-you-will-see"></a>
      ## 你会看到什么

      | 作业 | 请求数 | 时间 |
      |---|---|---|
      | 初始版本 | 10,471 | 40-60 s |
      | 参考答案 | 1 | 5-8 s |
      """;

  @Test
  @DisplayName("a faithful translation, with translated comments in code, passes")
  void faithfulTranslationPasses() {
    assertThat(ReadmeTwins.compare("README.md", ENGLISH, "README.zh-CN.md", CHINESE)).isEmpty();
  }

  @Test
  @DisplayName("the instructor guide is paired with its Chinese twin like a README")
  void instructorGuideIsPaired(@TempDir Path folder) throws Exception {
    String english = ENGLISH.replace("README.zh-CN.md", "INSTRUCTORS.zh-CN.md");
    String chinese = CHINESE.replace("(README.md)", "(INSTRUCTORS.md)");
    Files.writeString(folder.resolve("INSTRUCTORS.md"), english);
    assertThat(ReadmeTwins.missingTwins(folder)).containsExactly("INSTRUCTORS.md");

    Files.writeString(folder.resolve("INSTRUCTORS.zh-CN.md"), chinese);
    assertThat(ReadmeTwins.check(folder)).isEmpty();
    assertThat(ReadmeTwins.missingTwins(folder)).isEmpty();

    Files.writeString(folder.resolve("INSTRUCTORS.zh-CN.md"), chinese.replace("10,471", "10,000"));
    assertThat(ReadmeTwins.check(folder))
        .singleElement()
        .asString()
        .startsWith("INSTRUCTORS.zh-CN.md, section \"What you will see\": table 1, row 2");

    Files.writeString(
        folder.resolve("INSTRUCTORS.zh-CN.md"), chinese.replace("(INSTRUCTORS.md)", ""));
    assertThat(ReadmeTwins.check(folder))
        .singleElement()
        .asString()
        .isEqualTo("INSTRUCTORS.zh-CN.md: no link to INSTRUCTORS.md under its title");
  }

  @Test
  @DisplayName("a number changed in one language only fails, naming the section and the row")
  void changedNumberFails() {
    String drifted = CHINESE.replace("10,471", "10,000");
    assertThat(ReadmeTwins.compare("README.md", ENGLISH, "README.zh-CN.md", drifted))
        .singleElement()
        .asString()
        .contains(
            "section \"What you will see\"",
            "table 1, row 2",
            "[10,000, 40, 60]",
            "[10,471, 40, 60]");
  }

  @Test
  @DisplayName("a command changed in one language only fails, showing both lines")
  void changedCommandFails() {
    String drifted = CHINESE.replace("-Dstarter=SlowJob", "-Dstarter=FastJob");
    assertThat(ReadmeTwins.compare("README.md", ENGLISH, "README.zh-CN.md", drifted))
        .singleElement()
        .asString()
        .contains("section \"Run it\"", "code block 1", "-Dstarter=SlowJob", "-Dstarter=FastJob");
  }

  @Test
  @DisplayName("a section without the English anchor, or missing, fails")
  void sectionsMustLineUp() {
    String noAnchor = CHINESE.replace("<a id=\"run-it\"></a>\n", "");
    assertThat(ReadmeTwins.compare("README.md", ENGLISH, "README.zh-CN.md", noAnchor))
        .singleElement()
        .asString()
        .contains("section \"Run it\"", "<a id=\"run-it\"></a>");
    String missing = CHINESE.substring(0, CHINESE.indexOf("<a id=\"what-you-will-see\">"));
    assertThat(ReadmeTwins.compare("README.md", ENGLISH, "README.zh-CN.md", missing))
        .anySatisfy(p -> assertThat(p).contains("section \"What you will see\" is missing"));
  }

  @Test
  @DisplayName("GitHub's anchors: punctuation dropped, spaces made hyphens, letters of any script")
  void slugs() {
    assertThat(ReadmeTwins.slug("Exercise 1a: find the bottleneck"))
        .isEqualTo("exercise-1a-find-the-bottleneck");
    assertThat(ReadmeTwins.slug("Flink 1.x → 2.x")).isEqualTo("flink-1x--2x");
    assertThat(ReadmeTwins.slug("Problem 2: a `catalog` call"))
        .isEqualTo("problem-2-a-catalog-call");
    assertThat(ReadmeTwins.slug("练习 1：找到瓶颈")).isEqualTo("练习-1找到瓶颈");
  }

  @Test
  @DisplayName("a link to a missing file or section fails")
  void brokenLinksFail(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("README.md"), ENGLISH);
    Files.writeString(folder.resolve("README.zh-CN.md"), CHINESE + "\n[运行](#run-it)\n");
    assertThat(ReadmeTwins.check(folder)).isEmpty();

    Files.writeString(
        folder.resolve("README.zh-CN.md"),
        CHINESE + "\n[运行](#run-it-now) [第 1 章](module-01/README.zh-CN.md)\n");
    assertThat(ReadmeTwins.check(folder))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("missing section #run-it-now"))
        .anySatisfy(p -> assertThat(p).contains("missing module-01/README.zh-CN.md"));
  }

  @Test
  @DisplayName("the course's own Chinese READMEs agree with the English ones")
  void theCoursesReadmesAgree() {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    assertThat(ReadmeTwins.check(root)).isEmpty();
  }
}
