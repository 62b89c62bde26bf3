package dev.flinktuning.support.mutants;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.i18n.Texts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a chapter's graded checks many times in a row, in this one JVM, and says whether every run
 * gave each check the same verdict: how the course shows its checks do not flake. A verdict is how
 * a check ended: passed, or the kind of failure (over budget, wrong output, wrong route, or
 * something else); the measured numbers may vary from run to run, the verdict may not.
 *
 * <p>Run it with {@code ./mvnw -B -pl <module> -am verify -Prepeat} (add {@code -Psolution} for the
 * reference solutions; {@code -Dcourse.repeat.times=20}, {@code -Dcourse.repeat.tests=A,B}), with
 * the other cores busy, before trusting a check.
 *
 * <p>Arguments: how many runs, the chapter's test classes folder, and optionally the test classes
 * (simple names, comma-separated) to run instead of all graded checks.
 */
public final class RepeatChecks {

  private RepeatChecks() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: RepeatChecks <times> <test classes folder> [TestA,TestB]");
      System.exit(2);
    }
    // Verdicts are compared, and messages shown, in English, whatever the machine's locale.
    System.setProperty(Texts.LANG_PROPERTY, "en");
    Texts.reset();
    int times = Integer.parseInt(args[0]);
    LauncherDiscoveryRequest request = request(Path.of(args[1]), args.length > 2 ? args[2] : "");
    Map<String, List<String>> verdicts = new LinkedHashMap<>();
    Launcher launcher = LauncherFactory.create();
    for (int run = 1; run <= times; run++) {
      long start = System.nanoTime();
      Map<String, String> messages = new LinkedHashMap<>();
      Map<String, String> thisRun = runOnce(launcher, request, messages);
      thisRun.forEach((check, verdict) -> verdicts.computeIfAbsent(check, c -> new ArrayList<>()));
      for (Map.Entry<String, List<String>> check : verdicts.entrySet()) {
        String verdict = thisRun.getOrDefault(check.getKey(), "not run");
        List<String> earlier = check.getValue();
        if (!earlier.isEmpty() && !earlier.get(0).equals(verdict)) {
          // The run that breaks the pattern is the one to read in full.
          System.out.printf(
              "[repeat] run %d: %s changed its verdict to %s:%n%s%n",
              run, check.getKey(), verdict, messages.getOrDefault(check.getKey(), ""));
        }
        earlier.add(verdict);
      }
      System.out.printf(
          "[repeat] run %d/%d in %d s: %s%n",
          run, times, (System.nanoTime() - start) / 1_000_000_000, summary(thisRun));
    }
    boolean identical = report(verdicts, times);
    // Services and clusters a check left behind must not keep this JVM alive.
    System.exit(identical ? 0 : 1);
  }

  private static LauncherDiscoveryRequest request(Path testClasses, String tests) {
    List<DiscoverySelector> selectors = new ArrayList<>();
    if (tests.isBlank()) {
      selectors.addAll(selectClasspathRoots(Set.of(testClasses)));
    } else {
      Arrays.stream(tests.split(","))
          .map(String::trim)
          .map(name -> name.contains(".") ? name : qualifiedName(testClasses, name))
          .forEach(name -> selectors.add(selectClass(name)));
    }
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        .filters(TagFilter.includeTags(GradedCheck.TAG))
        .build();
  }

  /** The fully qualified name of the test class {@code simpleName}, found in the folder. */
  private static String qualifiedName(Path testClasses, String simpleName) {
    try (Stream<Path> files = Files.walk(testClasses)) {
      return files
          .filter(file -> file.getFileName().toString().equals(simpleName + ".class"))
          .map(file -> testClasses.relativize(file).toString())
          .map(name -> name.substring(0, name.length() - ".class".length()))
          .map(name -> name.replace(File.separatorChar, '.'))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "No test class " + simpleName + " in " + testClasses));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each graded check's verdict in one run of them all. */
  private static Map<String, String> runOnce(
      Launcher launcher, LauncherDiscoveryRequest request, Map<String, String> messages) {
    Map<String, String> verdicts = new LinkedHashMap<>();
    launcher.execute(
        request,
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              verdicts.put(test.getDisplayName(), verdictOf(result));
              result
                  .getThrowable()
                  .ifPresent(thrown -> messages.put(test.getDisplayName(), thrown.toString()));
            } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
              // A class whose set-up failed: its checks did not run.
              verdicts.put(test.getDisplayName() + " (set-up)", verdictOf(result));
            }
          }
        });
    return verdicts;
  }

  private static String verdictOf(TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
      return "pass";
    }
    return result
        .getThrowable()
        .map(thrown -> "fail: " + thrown.getClass().getSimpleName())
        .orElse("fail");
  }

  private static String summary(Map<String, String> verdicts) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    verdicts.values().forEach(v -> counts.merge(v, 1, Integer::sum));
    return counts.toString();
  }

  /** Prints one line per check with its verdicts; true if each check had one verdict throughout. */
  private static boolean report(Map<String, List<String>> verdicts, int times) {
    boolean identical = true;
    System.out.printf("%n[repeat] %d runs of %d graded checks:%n", times, verdicts.size());
    for (Map.Entry<String, List<String>> check : verdicts.entrySet()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      check.getValue().forEach(v -> counts.merge(v, 1, Integer::sum));
      boolean same = counts.size() == 1;
      identical &= same;
      System.out.printf(
          "[repeat] %s %s: %s%n", same ? "SAME     " : "DIFFERENT", check.getKey(), counts);
    }
    System.out.println(
        identical
            ? "[repeat] Every check gave the same verdict in every run."
            : "[repeat] Some checks changed their verdict between runs: they flake.");
    return identical;
  }
}
