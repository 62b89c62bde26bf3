package dev.flinktuning.support.cli;

import dev.flinktuning.support.classroom.ClassroomWorkflow;
import dev.flinktuning.support.classroom.ClassroomWorkflow.Check;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The course's chapters and exercises as a learner names them, found from the graded checks ({@link
 * ClassroomWorkflow#checks}): an exercise is a test class's "Chapter C · Exercise X · ..." display
 * name, named {@code C.X} ({@code 1.1}, {@code 2.1a}); a chapter whose checks name no exercise (the
 * case study) is one exercise named after the chapter ({@code 7}).
 */
final class Catalog {

  private static final Pattern CHAPTER = Pattern.compile("Chapter (\\d+)");
  private static final Pattern EXERCISE =
      Pattern.compile("Chapter (\\d+) · Exercise (\\w+) · (.*)");

  /** One exercise: its id, chapter, module, title, test classes and graded checks. */
  record Exercise(
      String id,
      int chapter,
      String module,
      String title,
      List<String> testClasses,
      List<Check> checks) {

    /** The names a learner may type for it, lower case. */
    Set<String> aliases() {
      Set<String> names = new LinkedHashSet<>();
      names.add(id);
      String x = id.contains(".") ? id.substring(id.indexOf('.') + 1) : "";
      if (!x.isEmpty()) {
        names.add(chapter + "-" + x);
        names.add("ch" + chapter + "-ex" + x);
        names.add("ch" + chapter + "." + x);
        names.add("ch" + chapter + "ex" + x);
        names.add("chapter" + chapter + "-exercise" + x);
      } else {
        names.add("ch" + chapter);
      }
      for (String testClass : testClasses) {
        names.add(testClass.toLowerCase(Locale.ROOT));
        if (testClass.endsWith("Test")) {
          names.add(testClass.substring(0, testClass.length() - 4).toLowerCase(Locale.ROOT));
        }
      }
      return names;
    }

    /** The exercise's part of the README heading: {@code 1a} for "## Exercise 1a: ...". */
    String readmeNumber() {
      return id.contains(".") ? id.substring(id.indexOf('.') + 1) : "";
    }
  }

  private final Path root;
  private final List<Check> checks;
  private final List<Exercise> exercises;

  private Catalog(Path root, List<Check> checks) {
    this.root = root;
    this.checks = checks;
    Map<String, List<Check>> byExercise = new LinkedHashMap<>();
    for (Check check : checks) {
      byExercise.computeIfAbsent(idOf(check), id -> new ArrayList<>()).add(check);
    }
    List<Exercise> list = new ArrayList<>();
    for (Map.Entry<String, List<Check>> entry : byExercise.entrySet()) {
      List<Check> its = entry.getValue();
      Check first = its.get(0);
      Matcher m = EXERCISE.matcher(first.exercise());
      String title =
          m.matches() ? m.group(3) : first.exercise().replaceFirst("Chapter \\d+ · ", "");
      list.add(
          new Exercise(
              entry.getKey(),
              chapterOf(first),
              first.module(),
              title,
              its.stream().map(Check::testClass).distinct().toList(),
              List.copyOf(its)));
    }
    // In the order a learner meets them: 2.1a, 2.1b, 2.2, ... (the test files are in name order).
    list.sort(
        java.util.Comparator.comparingInt(Exercise::chapter)
            .thenComparingInt(e -> number(e.readmeNumber()))
            .thenComparing(Exercise::readmeNumber));
    this.exercises = List.copyOf(list);
  }

  /** The catalog of the course at {@code root}. */
  static Catalog of(Path root) {
    List<Check> checks = ClassroomWorkflow.checks(root);
    if (checks.isEmpty()) {
      throw new CourseException(
          "No chapter with graded checks under "
              + root
              + ": run the course command from the course's folder.");
    }
    return new Catalog(root, checks);
  }

  Path root() {
    return root;
  }

  List<Check> checks() {
    return checks;
  }

  List<Exercise> exercises() {
    return exercises;
  }

  /** The chapters' modules, in order. */
  List<String> modules() {
    return exercises.stream().map(Exercise::module).distinct().toList();
  }

  private static int number(String exerciseNumber) {
    String digits = exerciseNumber.replaceAll("\\D.*$", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }

  static int chapterOf(Check check) {
    Matcher m = CHAPTER.matcher(check.exercise());
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    return Integer.parseInt(check.module().substring("module-".length(), "module-NN".length()));
  }

  private static String idOf(Check check) {
    Matcher m = EXERCISE.matcher(check.exercise());
    return m.matches() ? m.group(1) + "." + m.group(2) : String.valueOf(chapterOf(check));
  }

  /** The exercise a learner named, in any of its {@link Exercise#aliases()}. */
  Optional<Exercise> exercise(String name) {
    String wanted = normalise(name);
    return exercises.stream().filter(e -> e.aliases().contains(wanted)).findFirst();
  }

  /** The chapter's module a learner named: {@code 1}, {@code ch1}, {@code chapter1}, the module. */
  Optional<String> chapter(String name) {
    String wanted = normalise(name);
    for (String module : modules()) {
      int chapter = Integer.parseInt(module.substring("module-".length(), "module-NN".length()));
      if (wanted.equals(module)
          || wanted.equals(String.valueOf(chapter))
          || wanted.equals("0" + chapter)
          || wanted.equals("ch" + chapter)
          || wanted.equals("chapter" + chapter)
          || module.startsWith("module-0" + chapter + "-") && wanted.equals(module.substring(10))) {
        return Optional.of(module);
      }
    }
    return Optional.empty();
  }

  private static String normalise(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "-");
  }

  /** The exercise ids, for error messages: "1.1, 1.2, ..., 7". */
  String exerciseList() {
    return String.join(", ", exercises.stream().map(Exercise::id).toList());
  }

  /** The test sources of an exercise. */
  List<Path> testSources(Exercise exercise) {
    List<Path> sources = new ArrayList<>();
    Path tests = root.resolve(exercise.module()).resolve("src/test/java");
    try (Stream<Path> files = Files.walk(tests)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".java")
            && exercise.testClasses().contains(name.substring(0, name.length() - 5))) {
          sources.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sources;
  }
}
