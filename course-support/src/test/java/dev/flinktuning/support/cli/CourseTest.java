package dev.flinktuning.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The course command, on a small course of its own (no Flink run)")
class CourseTest {

  private static final String PACKAGE = "module-01-sample/src/main/java/dev/sample/";

  private static final String README =
      """
      # Chapter 1

      ## Exercise 1: the first job

      ### What to change

      <details>
      <summary>Hint 1</summary>

      First hint of exercise 1.
      </details>

      <details><summary>Hint 2: a title</summary>
      Second hint of exercise 1.
      </details>

      <details>
      <summary>Not a hint</summary>
      An aside.
      </details>

      ## Exercise 2: the second job

      <details><summary>Hint</summary>
      The only hint of exercise 2.
      </details>

      ## Read more
      """;

  @TempDir Path root;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void aCourse() throws IOException {
    Files.createDirectories(root.resolve("course-support"));
    write("module-01-sample/README.md", README);
    write(
        "module-01-sample/src/test/java/dev/sample/FirstJobTest.java",
        """
        package dev.sample;

        @DisplayName("Chapter 1 · Exercise 1 · the first job")
        class FirstJobTest {
          @GradedCheck
          @DisplayName("first check")
          void first() {}

          @GradedCheck
          @DisplayName("second check")
          void second() {}

          @Test
          void notGraded() {}
        }
        """);
    write(
        "module-01-sample/src/test/java/dev/sample/SecondJobTest.java",
        """
        package dev.sample;

        @DisplayName("Chapter 1 · Exercise 2 · the second job")
        class SecondJobTest {
          @GradedCheck
          @DisplayName("third check")
          void third() {}
        }
        """);
    write(PACKAGE + "FirstJob.java", "class FirstJob { Helper helper; }\n");
    write(PACKAGE + "Helper.java", "class Helper {}\n");
    write(
        PACKAGE + "SecondJob.java",
        "public class SecondJob { public static void main(String[] args) {} }\n");
    write("solutions/" + PACKAGE + "FirstJob.java", "class FirstJob { Faster helper; }\n");
  }

  @Test
  @DisplayName("a wrong argument gets one line that says what is valid, and exit code 2")
  void wrongArguments() {
    assertUsageError(List.of("bogus"), "No command 'bogus'. Commands: status, check, hint,");
    assertUsageError(List.of("hint", "9.9"), "No exercise '9.9'. Exercises: 1.1, 1.2 ");
    assertUsageError(
        List.of("status", "--bogus"), "Unknown option: '--bogus'. Usage: course status");
    assertUsageError(List.of("status", "8"), "No chapter '8'. Chapters: module-01-sample");
    assertUsageError(List.of("check", "nope"), "No chapter or exercise 'nope'. Chapters: 1 to 1");
    assertUsageError(List.of("hint"), "Missing required parameter: 'EXERCISE'. Usage:");
    assertUsageError(
        List.of("run", "NoSuchJob"), "No starter 'NoSuchJob'. Starters: chapter 1: SecondJob.");
    assertUsageError(List.of("services", "--events", "abc"), "Invalid value for option '--events'");
    assertUsageError(List.of("services", "--rate", "0"), "--rate takes events per second");
    assertUsageError(List.of("cluster", "--port", "70000"), "--port is between 1 and 65535");
    assertUsageError(
        List.of("cluster", "--task-managers", "two"), "Invalid value for option '--task-managers'");
    assertUsageError(List.of("cluster", "--slots", "0"), "--slots takes 1 to 16");
    assertUsageError(List.of("cluster", "--jar", "no-such.jar"), "No job jar at no-such.jar.");
    assertUsageError(List.of("cluster", "--", "--kafka", "x"), "Job arguments (--kafka x) need");
  }

  @Test
  @DisplayName("exercises are named 1.1, and also ch1-ex1, 1-1 or by their test class")
  void exerciseNames() {
    Catalog catalog = Catalog.of(root);
    assertThat(catalog.exerciseList()).isEqualTo("1.1, 1.2");
    for (String name : List.of("1.1", "ch1-ex1", "1-1", "CH1.1", "FirstJobTest", "firstjob")) {
      assertThat(catalog.exercise(name)).as(name).get().extracting(e -> e.id()).isEqualTo("1.1");
    }
    assertThat(catalog.chapter("ch1")).contains("module-01-sample");
    assertThat(catalog.exercise("1.3")).isEmpty();
  }

  @Test
  @DisplayName("hints come one at a time from the README's <details>, then say they are done")
  void hintsStepByStep() {
    assertThat(Hints.in(README, "1")).hasSize(2);
    assertThat(Hints.in(README, "1a")).hasSize(2); // "4.3a" reads "## Exercise 3"
    assertThat(Hints.in(README, "2"))
        .singleElement()
        .extracting(h -> h.text())
        .isEqualTo("The only hint of exercise 2.");

    assertThat(run("hint", "1.1")).isZero();
    assertThat(out.toString())
        .contains("Exercise 1.1, hint 1 of 2, What to change")
        .contains("First hint of exercise 1.")
        .doesNotContain("Second hint");
    assertThat(run("hint", "ch1-ex1")).isZero();
    assertThat(out.toString())
        .contains("hint 2 of 2: a title")
        .contains("Second hint of exercise 1.");
    assertThat(run("hint", "1.1")).isZero();
    assertThat(out.toString()).contains("You have seen all 2 hints of exercise 1.1");
    assertThat(run("hint", "1.1", "--again")).isZero();
    assertThat(out.toString()).contains("Second hint of exercise 1.");
    assertThat(run("hint", "1.1", "--restart")).isZero();
    assertThat(out.toString()).contains("First hint of exercise 1.");
    // Each exercise keeps its own count.
    assertThat(run("hint", "1.2")).isZero();
    assertThat(out.toString()).contains("The only hint of exercise 2.");
    assertThat(Files.exists(root.resolve(".course/hints.properties"))).isTrue();
  }

  @Test
  @DisplayName("status: done, not done and not tried, from the surefire reports")
  void statusFromReports() throws IOException {
    write(
        "module-01-sample/target/surefire-reports/TEST-dev.sample.FirstJobTest.xml",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite name="Chapter 1 · Exercise 1 · the first job" tests="3" failures="1">
          <testcase name="first check" classname="Chapter 1 · Exercise 1 · the first job"/>
          <testcase name="second check" classname="Chapter 1 · Exercise 1 · the first job">
            <failure message="[graded] FAIL second check">details</failure>
          </testcase>
          <testcase name="notGraded()" classname="Chapter 1 · Exercise 1 · the first job"/>
        </testsuite>
        """);
    // The reference's run (-Psolution) does not count.
    write(
        "module-01-sample/target/solution/surefire-reports/TEST-dev.sample.SecondJobTest.xml",
        "<testsuite><testcase name=\"third check\"/></testsuite>");

    assertThat(run("status")).isZero();
    assertThat(out.toString())
        .contains("Chapter 1 (module-01-sample): 1 of 3 graded checks pass; 1 of 3 in all")
        .containsPattern("1\\.1 +the first job: not done \\(1 of 2 pass\\)")
        .containsPattern("done +first check")
        .containsPattern("not done +second check")
        .containsPattern("1\\.2 +the second job: not tried")
        .containsPattern("not tried +third check")
        .contains("In all: 1 of 3 graded checks pass, 1 fail, 1 not tried yet.");
  }

  @Test
  @DisplayName("check runs the chapter's module, narrowed to an exercise's test classes")
  void checkPlan() {
    Catalog catalog = Catalog.of(root);
    CheckCommand.Plan chapter = CheckCommand.plan(catalog, "1");
    assertThat(chapter.modules()).containsExactly("module-01-sample");
    assertThat(chapter.testClasses()).isEmpty();
    assertThat(chapter.checks()).hasSize(3);
    CheckCommand.Plan exercise = CheckCommand.plan(catalog, "ch1-ex2");
    assertThat(exercise.testClasses()).containsExactly("SecondJobTest");
    assertThat(exercise.checks()).hasSize(1);
  }

  @Test
  @DisplayName(
      "reset restores the exercise's files as committed and removes what was added beside them")
  void resetOnAGitRepository() throws Exception {
    git("init", "-q");
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "course");
    write(PACKAGE + "FirstJob.java", "class FirstJob { Mine helper; }\n");
    Files.delete(root.resolve(PACKAGE + "Helper.java"));
    write(PACKAGE + "Mine.java", "class Mine {}\n");
    write(PACKAGE + "SecondJob.java", "class SecondJob { /* the other exercise's work */ }\n");

    assertThat(run("reset", "1.1")).as("answered no (no input)").isEqualTo(1);
    assertThat(out.toString())
        .contains("restore as committed: " + PACKAGE + "FirstJob.java")
        .contains("restore as committed: " + PACKAGE + "Helper.java")
        .contains("delete (you added it): " + PACKAGE + "Mine.java")
        .doesNotContain("SecondJob.java")
        .contains("Nothing changed.");
    assertThat(root.resolve(PACKAGE + "Mine.java")).exists();

    assertThat(run("reset", "1.1", "--yes")).isZero();
    assertThat(root.resolve(PACKAGE + "FirstJob.java"))
        .hasContent("class FirstJob { Helper helper; }");
    assertThat(root.resolve(PACKAGE + "Helper.java")).exists();
    assertThat(root.resolve(PACKAGE + "Mine.java")).doesNotExist();
    assertThat(Files.readString(root.resolve(PACKAGE + "SecondJob.java")))
        .contains("the other exercise's work");

    assertThat(run("reset", "1.1")).isZero();
    assertThat(out.toString()).contains("nothing to reset");
  }

  @Test
  @DisplayName("an exercise's files: the class under test, what it names, and the reference's")
  void exerciseFiles() {
    Catalog catalog = Catalog.of(root);
    List<String> tracked =
        List.of(PACKAGE + "FirstJob.java", PACKAGE + "Helper.java", PACKAGE + "SecondJob.java");
    ExerciseFiles.Owned first =
        ExerciseFiles.of(root, catalog.exercise("1.1").orElseThrow(), tracked);
    assertThat(first.starter()).containsExactly(PACKAGE + "FirstJob.java", PACKAGE + "Helper.java");
    assertThat(first.reference()).containsExactly("solutions/" + PACKAGE + "FirstJob.java");
    ExerciseFiles.Owned second =
        ExerciseFiles.of(root, catalog.exercise("1.2").orElseThrow(), tracked);
    assertThat(second.starter()).containsExactly(PACKAGE + "SecondJob.java");
    assertThat(second.reference()).isEmpty();
  }

  @Test
  @DisplayName("a failed build shows the compiler's errors, not Maven's advice")
  void buildErrors() {
    assertThat(CheckCommand.worthShowing("[ERROR] COMPILATION ERROR : ")).isTrue();
    assertThat(CheckCommand.worthShowing("[ERROR] /x/Job.java:[87,1] class expected")).isTrue();
    assertThat(CheckCommand.worthShowing("[ERROR] Failed to execute goal org.apache...")).isFalse();
    assertThat(CheckCommand.worthShowing("[ERROR] Re-run Maven using the -X switch")).isFalse();
    assertThat(CheckCommand.worthShowing("[ERROR] ")).isFalse();
  }

  private void assertUsageError(List<String> args, String start) {
    int code = run(args.toArray(String[]::new));
    assertThat(code).as("exit code of %s", args).isEqualTo(2);
    assertThat(err.toString().strip())
        .as("message for %s", args)
        .startsWith(start)
        .doesNotContain("\n");
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Course.run(
        root,
        new ByteArrayInputStream(new byte[0]),
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        args);
  }

  private void write(String file, String text) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
  }

  private void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as("git %s", List.of(args)).isZero();
  }
}
