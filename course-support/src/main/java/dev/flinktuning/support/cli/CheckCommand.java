package dev.flinktuning.support.cli;

import dev.flinktuning.support.classroom.ClassroomWorkflow.Check;
import dev.flinktuning.support.cli.Catalog.Exercise;
import dev.flinktuning.support.cli.Verdicts.Verdict;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code course check [chapter|exercise]}: runs the chapter's tests, or one exercise's, the way the
 * README's command does ({@code ./mvnw -B -pl <module> -am test}, the kit's own tests skipped),
 * prints the {@code [graded]} lines and a one-line summary, and keeps Maven's whole output in
 * {@code .course/logs/}.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a chapter's checks, or one exercise's, and shows the [graded] lines and a summary.",
      "Maven's whole output goes to a log file under .course/logs/, named at the end."
    })
final class CheckCommand extends Course.CourseCommand {

  @Parameters(
      arity = "0..1",
      paramLabel = "CHAPTER|EXERCISE",
      description =
          "A chapter (1, ch1, module-01-principles) or an exercise (1.1, ch1-ex1,"
              + " CategoryStatsJobTest). Without it: every chapter.")
  String target;

  @Option(
      names = "--offline",
      description = "Pass -o to Maven: use only what is already downloaded.")
  boolean offline;

  /** What to run: the modules, the test classes (empty: all of them) and a name for the log. */
  record Plan(List<String> modules, List<String> testClasses, List<Check> checks, String name) {}

  @Override
  public Integer call() throws Exception {
    Catalog catalog = catalog();
    Plan plan = plan(catalog, target);
    List<String> args = new ArrayList<>();
    args.add("-B");
    if (offline) {
      args.add("-o");
    }
    args.add("-pl");
    args.add(String.join(",", plan.modules()));
    args.add("-am");
    args.add("test");
    args.add("-Dcourse.support.skipTests=true");
    if (!plan.testClasses().isEmpty()) {
      args.add("-Dtest=" + String.join(",", plan.testClasses()));
      args.add("-Dsurefire.failIfNoSpecifiedTests=false");
    }
    Path log = root.resolve(".course").resolve("logs").resolve("check-" + plan.name() + ".log");
    Files.createDirectories(log.getParent());
    PrintWriter out = out();
    out.println(
        "Checking "
            + (target == null ? "every chapter" : plan.name())
            + " (./mvnw "
            + String.join(" ", args)
            + ") ...");
    out.flush();
    ProcessBuilder builder =
        new ProcessBuilder(Maven.command(root, args.toArray(String[]::new)))
            .directory(root.toFile())
            .redirectErrorStream(true);
    List<String> errors = new ArrayList<>();
    int graded = 0;
    GradedLines lines = new GradedLines(out::println);
    Process maven = builder.start();
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(maven.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        file.write(line);
        file.newLine();
        int at = line.indexOf("[graded]");
        if (at >= 0) {
          lines.accept(line.substring(at));
          out.flush();
          graded++;
        } else if (line.startsWith("[ERROR]") && errors.size() < 40) {
          errors.add(line);
        }
      }
      lines.finish();
    } finally {
      maven.destroy();
    }
    int code = maven.waitFor();
    Verdicts verdicts = new Verdicts(root);
    long pass = plan.checks().stream().filter(c -> verdicts.of(c) == Verdict.PASS).count();
    long fail = plan.checks().stream().filter(c -> verdicts.of(c) == Verdict.FAIL).count();
    if (graded == 0 && code != 0) {
      // No check ran: the build itself failed (a compile error, a download). Show why.
      errors.stream().filter(CheckCommand::worthShowing).distinct().forEach(out::println);
      out.printf(
          Locale.ROOT,
          "The build failed before the checks ran. Full log: %s%n",
          root.relativize(log));
      return 1;
    }
    out.printf(
        Locale.ROOT,
        "%s: %d of %d graded %s, %d %s%s. Full log: %s%n",
        target == null ? "Every chapter" : plan.name(),
        pass,
        plan.checks().size(),
        plan.checks().size() == 1 ? "check passes" : "checks pass",
        fail,
        fail == 1 ? "fails" : "fail",
        code == 0 || fail > 0 ? "" : ", and another test failed (see the log)",
        root.relativize(log));
    return code == 0 ? 0 : 1;
  }

  /** An [ERROR] line that says what is wrong, not Maven's advice on how to debug Maven. */
  static boolean worthShowing(String error) {
    String text = error.substring("[ERROR]".length()).strip();
    return !text.isEmpty()
        && !text.startsWith("Failed to execute goal")
        && !text.startsWith("To see the full stack trace")
        && !text.startsWith("Re-run Maven")
        && !text.startsWith("For more information")
        && !text.startsWith("[Help")
        && !text.startsWith("After correcting")
        && !text.startsWith("mvn <args>")
        && !text.startsWith("-> [Help");
  }

  /** What {@code course check target} runs. */
  static Plan plan(Catalog catalog, String target) {
    if (target == null) {
      return new Plan(catalog.modules(), List.of(), catalog.checks(), "all");
    }
    Optional<String> module = catalog.chapter(target);
    if (module.isPresent()) {
      String m = module.get();
      return new Plan(
          List.of(m),
          List.of(),
          catalog.checks().stream().filter(c -> c.module().equals(m)).toList(),
          m);
    }
    Optional<Exercise> exercise = catalog.exercise(target);
    if (exercise.isPresent()) {
      Exercise e = exercise.get();
      return new Plan(List.of(e.module()), e.testClasses(), e.checks(), "exercise-" + e.id());
    }
    throw new CourseException(
        "No chapter or exercise '"
            + target
            + "'. Chapters: 1 to "
            + catalog.modules().size()
            + " (or ch1, module-01-principles); exercises: "
            + catalog.exerciseList()
            + ".");
  }

  /**
   * The {@code [graded]} lines as the learner reads them: a check's measurement line is left out
   * when the FAIL line right after it repeats it ("FAIL name | measurement"), so a failed budget
   * reads once. A passed check keeps its measurement line: its PASS line has none.
   */
  static final class GradedLines {

    private final Consumer<String> out;
    private String pending;

    GradedLines(Consumer<String> out) {
      this.out = out;
    }

    void accept(String line) {
      if (pending != null && !repeats(line, pending)) {
        out.accept(pending);
      }
      pending = null;
      if (isMeasurement(line)) {
        pending = line;
      } else {
        out.accept(line);
      }
    }

    /** Prints a measurement line still held back. */
    void finish() {
      if (pending != null) {
        out.accept(pending);
        pending = null;
      }
    }

    private static boolean isMeasurement(String line) {
      String text = line.substring("[graded]".length()).strip();
      return !text.startsWith("PASS ") && !text.startsWith("FAIL ") && !text.startsWith("BAD ");
    }

    private static boolean repeats(String verdict, String measurement) {
      int bar = verdict.indexOf(" | ");
      String text = measurement.substring("[graded]".length()).strip();
      return verdict.substring("[graded]".length()).strip().startsWith("FAIL ")
          && bar >= 0
          && verdict.substring(bar + 3).startsWith(text);
    }
  }
}
