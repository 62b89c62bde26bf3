package dev.flinktuning.support.cli;

import dev.flinktuning.support.cli.Catalog.Exercise;
import dev.flinktuning.support.cli.Hints.Hint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code course hint <exercise>}: the exercise's next hint from its chapter README, one at a time.
 */
@Command(
    name = "hint",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the exercise's next hint, one at a time, from its chapter README's hints.",
      "Which hints you have seen is kept in .course/hints.properties."
    })
final class HintCommand extends Course.CourseCommand {

  @Parameters(paramLabel = "EXERCISE", description = "1.1, ch1-ex1, CategoryStatsJobTest, ...")
  String name;

  @Option(names = "--again", description = "Show the last hint you saw again.")
  boolean again;

  @Option(names = "--restart", description = "Start again from the first hint.")
  boolean restart;

  @Override
  public Integer call() throws IOException {
    Catalog catalog = catalog();
    Exercise exercise = exercise(catalog, name);
    Path readme = root.resolve(exercise.module()).resolve("README.md");
    List<Hint> hints =
        Hints.in(Files.readString(readme, StandardCharsets.UTF_8), exercise.readmeNumber());
    PrintWriter out = out();
    String where = exercise.module() + "/README.md";
    if (hints.isEmpty()) {
      out.println("Exercise " + exercise.id() + " has no hints in " + where + ".");
      return 0;
    }
    Hints.Seen seen = new Hints.Seen(root);
    int shown = restart ? 0 : Math.min(seen.count(exercise.id()), hints.size());
    int index;
    if (again) {
      index = Math.max(0, shown - 1);
    } else if (shown >= hints.size()) {
      out.printf(
          "You have seen all %d hints of exercise %s. The reference is under solutions/%s"
              + " (course compare %s); course hint %s --restart starts again.%n",
          hints.size(), exercise.id(), exercise.module(), exercise.id(), exercise.id());
      return 0;
    } else {
      index = shown;
    }
    Hint hint = hints.get(index);
    out.printf(
        "Exercise %s, hint %d of %d%s%s (%s):%n%n",
        exercise.id(),
        index + 1,
        hints.size(),
        hint.summary().replaceFirst("^Hint\\s*\\d*", ""),
        hint.heading().isEmpty() ? "" : ", " + hint.heading(),
        where);
    out.println(hint.text());
    out.println();
    seen.set(exercise.id(), Math.max(index + 1, restart ? index + 1 : shown));
    if (index + 1 < hints.size()) {
      out.printf("Next: course hint %s (%d more).%n", exercise.id(), hints.size() - index - 1);
    } else {
      out.println("That was the last hint.");
    }
    return 0;
  }
}
