package dev.flinktuning.support.cli;

import dev.flinktuning.support.classroom.ClassroomWorkflow.Check;
import dev.flinktuning.support.cli.Catalog.Exercise;
import dev.flinktuning.support.cli.Verdicts.Verdict;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The course command ({@code ./course} at the course's root, {@code course.cmd} on Windows): a
 * learner's status, checks, hints, reset, comparison with the reference, starters, and the case
 * study's services and a Flink cluster to run it on. Each wrong argument is answered by one line
 * that says what is valid, with exit code 2 and no stack trace.
 *
 * <p>The course's folder is the system property {@code course.root} (set by the scripts), else the
 * working directory.
 */
@Command(
    name = "course",
    mixinStandardHelpOptions = true,
    version = "course command 1.0",
    description = "Your progress, checks, hints and starters in the Flink performance course.",
    subcommands = {
      Course.Status.class,
      CheckCommand.class,
      HintCommand.class,
      ResetCommand.class,
      CompareCommand.class,
      RunCommand.class,
      ServicesCommand.class,
      ClusterCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Course implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(
        run(
            root(),
            System.in,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args));
  }

  /** Runs the command line for the course at {@code root}; returns the exit code. */
  static int run(Path root, InputStream in, PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = new CommandLine(new Course(), new Factory(root, in));
    line.setOut(out);
    line.setErr(err);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setParameterExceptionHandler(
        (ex, arguments) -> {
          err.println(usageError(ex));
          return CourseException.USAGE;
        });
    line.setExecutionExceptionHandler(
        (ex, command, parseResult) -> {
          if (ex instanceof CourseException course) {
            err.println(course.getMessage());
            return course.exitCode();
          }
          if (Boolean.getBoolean("course.debug")) {
            ex.printStackTrace(err);
          } else {
            err.println(
                "course: " + oneLine(String.valueOf(ex)) + " (-Dcourse.debug=true shows where)");
          }
          return 1;
        });
    return line.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CourseException.USAGE;
  }

  /** One line for a wrong command line: what was wrong, and the command's valid form. */
  static String usageError(CommandLine.ParameterException ex) {
    CommandLine command = ex.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    String message = oneLine(ex.getMessage());
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !command.getSubcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      return "No command '"
          + unmatched.getUnmatched().get(0)
          + "'. Commands: "
          + String.join(", ", command.getSubcommands().keySet())
          + " (course <command> --help explains one).";
    }
    String synopsis = oneLine(command.getHelp().synopsis(0));
    return message + ". Usage: " + synopsis + " (" + name + " --help explains it).";
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** The course's folder: {@code -Dcourse.root}, else the working directory. */
  static Path root() {
    return Path.of(System.getProperty("course.root", ".")).toAbsolutePath().normalize();
  }

  /** Gives each command the course's root and its input. */
  private record Factory(Path root, InputStream in) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      K made = CommandLine.defaultFactory().create(type);
      if (made instanceof CourseCommand command) {
        command.root = root;
        command.in = in;
      }
      return made;
    }
  }

  /** A command that works on the course's folder. */
  abstract static class CourseCommand implements Callable<Integer> {
    Path root;
    InputStream in;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Catalog catalog() {
      if (!Files.isDirectory(root.resolve("course-support"))) {
        throw new CourseException(
            "Not the course's folder: "
                + root
                + ". Run the course command from the course's root.");
      }
      return Catalog.of(root);
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    Exercise exercise(Catalog catalog, String name) {
      return catalog
          .exercise(name)
          .orElseThrow(
              () ->
                  new CourseException(
                      "No exercise '"
                          + name
                          + "'. Exercises: "
                          + catalog.exerciseList()
                          + " (also written ch1-ex1, 1-1, or by its test class, e.g. CategoryStatsJobTest)."));
    }
  }

  /** {@code course status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Every chapter's graded checks as done, not done or not tried, from your last check"
            + " of each (the reports in module-NN/target/surefire-reports)."
      })
  static final class Status extends CourseCommand {

    @Parameters(
        arity = "0..1",
        paramLabel = "CHAPTER",
        description = "Only this chapter (1, ch1 or module-01-principles).")
    String chapter;

    @Override
    public Integer call() {
      Catalog catalog = catalog();
      String only = null;
      if (chapter != null) {
        only =
            catalog
                .chapter(chapter)
                .orElseThrow(
                    () ->
                        new CourseException(
                            "No chapter '"
                                + chapter
                                + "'. Chapters: "
                                + String.join(", ", catalog.modules())
                                + " (or 1 to "
                                + catalog.modules().size()
                                + ")."));
      }
      Verdicts verdicts = new Verdicts(root);
      List<Check> all = catalog.checks();
      long passAll = all.stream().filter(c -> verdicts.of(c) == Verdict.PASS).count();
      long failAll = all.stream().filter(c -> verdicts.of(c) == Verdict.FAIL).count();
      PrintWriter out = out();
      for (String module : catalog.modules()) {
        if (only != null && !only.equals(module)) {
          continue;
        }
        List<Exercise> exercises =
            catalog.exercises().stream().filter(e -> e.module().equals(module)).toList();
        long checks = exercises.stream().mapToLong(e -> e.checks().size()).sum();
        long pass =
            exercises.stream()
                .flatMap(e -> e.checks().stream())
                .filter(c -> verdicts.of(c) == Verdict.PASS)
                .count();
        out.printf(
            Locale.ROOT,
            "Chapter %d (%s): %d of %d graded %s; %d of %d in all%n",
            exercises.get(0).chapter(),
            module,
            pass,
            checks,
            checks == 1 ? "check passes" : "checks pass",
            passAll,
            all.size());
        for (Exercise exercise : exercises) {
          out.printf(
              Locale.ROOT,
              "  %-5s %s: %s%n",
              exercise.id(),
              exercise.title(),
              summary(exercise, verdicts));
          for (Check check : exercise.checks()) {
            out.printf(Locale.ROOT, "          %-9s %s%n", verdicts.of(check).label, check.name());
          }
        }
      }
      out.printf(
          Locale.ROOT,
          "In all: %d of %d graded checks pass, %d fail, %d not tried yet.%n",
          passAll,
          all.size(),
          failAll,
          all.size() - passAll - failAll);
      return 0;
    }

    private static String summary(Exercise exercise, Verdicts verdicts) {
      long pass = exercise.checks().stream().filter(c -> verdicts.of(c) == Verdict.PASS).count();
      long tried =
          exercise.checks().stream().filter(c -> verdicts.of(c) != Verdict.NOT_TRIED).count();
      if (tried == 0) {
        return "not tried";
      }
      return (pass == exercise.checks().size() ? "done" : "not done")
          + " ("
          + pass
          + " of "
          + exercise.checks().size()
          + " pass)";
    }
  }
}
