package dev.flinktuning.support.cli;

import dev.flinktuning.support.cli.Catalog.Exercise;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code course reset <exercise>}: puts the exercise's starter files back as committed in git, and
 * removes the files you added in their folders (untracked, not ignored), after asking.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Puts the exercise's starter files back as committed in git, and removes the files you added"
          + " next to them (untracked files in their folders), after asking.",
      "Your other exercises' files stay as they are; a chapter's exercises share a package, so read the list before you answer."
    })
final class ResetCommand extends Course.CourseCommand {

  @Parameters(paramLabel = "EXERCISE", description = "1.1, ch1-ex1, CategoryStatsJobTest, ...")
  String name;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask.")
  boolean yes;

  /** What a reset changes: files to restore from git, files to delete. */
  record Changes(List<String> restore, List<String> delete) {
    boolean isEmpty() {
      return restore.isEmpty() && delete.isEmpty();
    }
  }

  @Override
  public Integer call() throws IOException {
    Catalog catalog = catalog();
    Exercise exercise = exercise(catalog, name);
    Git git = new Git(root);
    if (!git.available()) {
      throw new CourseException(
          "course reset needs the course as a git clone (it restores files as committed); "
              + root
              + " is not one.",
          1);
    }
    Changes changes = changes(git, catalog, exercise);
    PrintWriter out = out();
    if (changes.isEmpty()) {
      out.println("Exercise " + exercise.id() + "'s files are as committed: nothing to reset.");
      return 0;
    }
    out.println("Reset exercise " + exercise.id() + " (" + exercise.title() + "):");
    changes.restore().forEach(f -> out.println("  restore as committed: " + f));
    changes.delete().forEach(f -> out.println("  delete (you added it): " + f));
    if (!changes.delete().isEmpty()) {
      out.println(
          "  (A file to delete is one you added in the exercise's package; if the chapter's other"
              + " exercises share that package, check it is not one of theirs.)");
    }
    if (!yes && !confirm(out)) {
      out.println("Nothing changed.");
      return 1;
    }
    if (!changes.restore().isEmpty()) {
      List<String> args = new ArrayList<>(List.of("checkout", "HEAD", "--"));
      args.addAll(changes.restore());
      git.run(args.toArray(String[]::new));
    }
    for (String file : changes.delete()) {
      Files.deleteIfExists(root.resolve(file));
    }
    out.println("Done: exercise " + exercise.id() + " is back to its starter.");
    return 0;
  }

  /** The exercise's starter files that differ from HEAD, and the untracked files beside them. */
  static Changes changes(Git git, Catalog catalog, Exercise exercise) {
    List<String> tracked = git.list("ls-files", "-z", "--", exercise.module() + "/src/main");
    ExerciseFiles.Owned owned =
        ExerciseFiles.of(
            catalog.root(),
            exercise,
            tracked,
            file -> {
              try {
                return git.run("show", "HEAD:" + file);
              } catch (CourseException notCommitted) {
                return "";
              }
            });
    List<String> restore = new ArrayList<>();
    if (!owned.starter().isEmpty()) {
      List<String> args = new ArrayList<>(List.of("diff", "HEAD", "--name-only", "-z", "--"));
      args.addAll(owned.starter());
      restore.addAll(new TreeSet<>(git.list(args.toArray(String[]::new))));
    }
    TreeSet<String> folders = new TreeSet<>();
    for (String file : owned.starter()) {
      folders.add(file.substring(0, file.lastIndexOf('/')));
    }
    List<String> delete = new ArrayList<>();
    if (!folders.isEmpty()) {
      List<String> args =
          new ArrayList<>(List.of("ls-files", "-z", "--others", "--exclude-standard", "--"));
      args.addAll(folders);
      for (String file : git.list(args.toArray(String[]::new))) {
        // Only files directly in those folders: a package, not its sub-packages.
        if (folders.contains(file.substring(0, Math.max(0, file.lastIndexOf('/'))))) {
          delete.add(file);
        }
      }
    }
    return new Changes(List.copyOf(restore), List.copyOf(delete));
  }

  private boolean confirm(PrintWriter out) throws IOException {
    out.print("Go ahead? [y/N] ");
    out.flush();
    String answer =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
  }
}
