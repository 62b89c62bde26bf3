package dev.flinktuning.support.cli;

import dev.flinktuning.support.cli.Catalog.Exercise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one exercise, as paths relative to the course's root: the chapter's starter files
 * (under {@code <module>/src/main}) and reference files (under {@code solutions/<module>/src/main})
 * that the exercise's test classes name, and those that the class under test (the test class's name
 * without "Test") names, in its starter or its reference version. A Java file is named by its class
 * name, a resource by its path under {@code src/main/resources} ({@code dedup.yaml}).
 */
final class ExerciseFiles {

  private ExerciseFiles() {}

  /** The exercise's files: starter ({@code module-...}) and reference ({@code solutions/...}). */
  record Owned(List<String> starter, List<String> reference) {}

  static Owned of(Path root, Exercise exercise, List<String> trackedStarterFiles) {
    return of(root, exercise, trackedStarterFiles, file -> "");
  }

  /**
   * As {@link #of(Path, Exercise, List)}, reading the class under test also as {@code committed}
   * gives it (its version in git): a file it named before the learner's changes still counts.
   */
  static Owned of(
      Path root,
      Exercise exercise,
      List<String> trackedStarterFiles,
      Function<String, String> committed) {
    String module = exercise.module();
    List<String> starterFiles = new ArrayList<>();
    for (String file : trackedStarterFiles) {
      if (file.startsWith(module + "/src/main/")) {
        starterFiles.add(file);
      }
    }
    List<String> referenceFiles = referenceFiles(root, module);
    StringBuilder tests = new StringBuilder();
    Catalog catalog = Catalog.of(root);
    for (Path source : catalog.testSources(exercise)) {
      tests.append(read(source)).append('\n');
    }
    // The classes under test (the test class's name without "Test"), in the starter and the
    // reference, and what they name: a helper class, a configuration file.
    Set<String> starter = new TreeSet<>();
    Set<String> reference = new TreeSet<>();
    StringBuilder underTest = new StringBuilder();
    for (String testClass : exercise.testClasses()) {
      String job = testClass.replaceFirst("Test$", "");
      for (String file : concat(starterFiles, referenceFiles)) {
        if (keyOf(file).equals(job)) {
          (file.startsWith("solutions/") ? reference : starter).add(file);
          underTest.append(read(root.resolve(file))).append('\n');
          if (!file.startsWith("solutions/")) {
            underTest.append(committed.apply(file)).append('\n');
          }
        }
      }
    }
    if (underTest.isEmpty()) {
      // A test class not named after a class (chapter 2's grader of your performance test).
      underTest.append(tests);
    }
    // Not the classes under test of the chapter's other exercises, which a job may name.
    Set<String> others = new TreeSet<>();
    for (Exercise other : catalog.exercises()) {
      if (other.module().equals(module) && !other.id().equals(exercise.id())) {
        other.testClasses().forEach(t -> others.add(t.replaceFirst("Test$", "")));
      }
    }
    for (String file : named(starterFiles, underTest)) {
      if (!others.contains(keyOf(file))) {
        starter.add(file);
      }
    }
    for (String file : named(referenceFiles, underTest)) {
      if (!others.contains(keyOf(file))) {
        reference.add(file);
      }
    }
    // Configuration files the checks read by name.
    starter.addAll(named(resources(starterFiles), tests));
    reference.addAll(named(resources(referenceFiles), tests));
    return new Owned(List.copyOf(starter), List.copyOf(reference));
  }

  /** The reference's files of the chapter, relative to the root. */
  static List<String> referenceFiles(Path root, String module) {
    Path dir = root.resolve("solutions").resolve(module);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The starter file a reference file replaces: {@code solutions/<module>/x} is {@code <module>/x}.
   */
  static String starterPathOf(String referenceFile) {
    return referenceFile.substring("solutions/".length());
  }

  private static List<String> named(List<String> files, CharSequence text) {
    List<String> named = new ArrayList<>();
    for (String file : files) {
      String key = keyOf(file);
      String name = file.substring(file.lastIndexOf('/') + 1);
      if (mentions(text, key) || !name.endsWith(".java") && mentions(text, name)) {
        named.add(file);
      }
    }
    return named;
  }

  private static boolean mentions(CharSequence text, String name) {
    return !name.isEmpty()
        && Pattern.compile("(?<![\\w.-])" + Pattern.quote(name) + "(?![\\w-])")
            .matcher(text)
            .find();
  }

  /** A Java file's class name; a resource's path under src/main/resources. */
  static String keyOf(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    if (name.endsWith(".java")) {
      return name.substring(0, name.length() - ".java".length());
    }
    int resources = file.indexOf("/src/main/resources/");
    return resources < 0 ? name : file.substring(resources + "/src/main/resources/".length());
  }

  private static List<String> resources(List<String> files) {
    return files.stream().filter(f -> !f.endsWith(".java")).toList();
  }

  private static Set<String> concat(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
