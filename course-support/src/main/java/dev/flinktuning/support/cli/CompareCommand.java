package dev.flinktuning.support.cli;

import dev.flinktuning.support.cli.Catalog.Exercise;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code course compare <exercise>}: your files beside the reference's, as a unified diff ({@code
 * git diff --no-index}): "-" lines are yours, "+" lines the reference's.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Shows your files of the exercise beside the reference's under solutions/, as a unified diff:"
          + " '-' lines are yours, '+' lines the reference's."
    })
final class CompareCommand extends Course.CourseCommand {

  @Parameters(paramLabel = "EXERCISE", description = "1.1, ch1-ex1, CategoryStatsJobTest, ...")
  String name;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Catalog catalog = catalog();
    Exercise exercise = exercise(catalog, name);
    List<String> tracked = new ArrayList<>();
    Git git = new Git(root);
    if (git.available()) {
      tracked.addAll(git.list("ls-files", "-z", "--", exercise.module() + "/src/main"));
    }
    ExerciseFiles.Owned owned = ExerciseFiles.of(root, exercise, tracked);
    PrintWriter out = out();
    if (owned.reference().isEmpty()) {
      out.println(
          "Exercise "
              + exercise.id()
              + " has no reference files under solutions/"
              + exercise.module()
              + ".");
      return 0;
    }
    out.println(
        "Exercise "
            + exercise.id()
            + ": your files ('-') beside the reference's ('+', solutions/"
            + exercise.module()
            + "):");
    out.flush();
    if (git.available()) {
      for (String added : ResetCommand.changes(git, catalog, exercise).delete()) {
        out.println("Only yours (a file you added): " + added);
      }
      out.flush();
    }
    for (String reference : owned.reference()) {
      String yours = ExerciseFiles.starterPathOf(reference);
      if (!Files.exists(root.resolve(yours))) {
        out.println("Only in the reference (a file it adds): " + reference);
        out.flush();
        diff(nullFile(), reference);
        continue;
      }
      diff(yours, reference);
    }
    return 0;
  }

  private static String nullFile() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
  }

  private void diff(String yours, String reference) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                "git", "--no-pager", "diff", "--no-index", "--color=auto", "--", yours, reference)
            .directory(root.toFile())
            .inheritIO();
    builder.environment().put("GIT_PAGER", "cat");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CourseException(
          "course compare needs git (for its diff), and could not run it: " + e.getMessage(), 1);
    }
    process.waitFor();
  }
}
