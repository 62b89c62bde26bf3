package dev.flinktuning.support.mutants;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * One folder of {@code mutants/<module>/}: files laid over a chapter's starter or reference
 * solution, the graded check they attack, and how that check must end. See {@code
 * mutants/README.md}.
 */
record Mutant(
    String id,
    Path folder,
    String testClass,
    String testMethod,
    boolean onSolution,
    boolean expectAccepted,
    Rejection rejectedBy,
    String messageContains,
    String why,
    boolean extended) {

  /** How a graded check may fail, and the error that says so. */
  enum Rejection {
    OUTPUT("dev.flinktuning.support.grading.OutputMismatchError"),
    ROUTE("dev.flinktuning.support.grading.WrongRouteError"),
    BUDGET("dev.flinktuning.support.grading.BudgetExceededError");

    final String errorType;

    Rejection(String errorType) {
      this.errorType = errorType;
    }
  }

  static final String FILE = "mutant.properties";

  /** A unified diff against the base, with paths relative to the module; optional. */
  static final String PATCH = "mutant.patch";

  /** The graded check, as {@code class#method}. */
  String check() {
    return testClass + "#" + testMethod;
  }

  static Mutant read(Path folder) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(folder.resolve(FILE))) {
      p.load(in);
    }
    String id = folder.getFileName().toString();
    String check = required(p, "check", id);
    int hash = check.indexOf('#');
    if (hash < 0) {
      throw new IllegalArgumentException(
          id + ": 'check' must be <test class>#<method>, was '" + check + "'");
    }
    String base = p.getProperty("base", "solution").strip();
    if (!base.equals("solution") && !base.equals("starter")) {
      throw new IllegalArgumentException(
          id + ": 'base' must be solution or starter, was '" + base + "'");
    }
    String expect = p.getProperty("expect", "rejected").strip();
    if (!expect.equals("rejected") && !expect.equals("accepted")) {
      throw new IllegalArgumentException(
          id + ": 'expect' must be rejected or accepted, was '" + expect + "'");
    }
    boolean accepted = expect.equals("accepted");
    Rejection rejection = null;
    String contains = "";
    if (!accepted) {
      String kind = required(p, "rejectedBy", id);
      try {
        rejection = Rejection.valueOf(kind.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            id + ": 'rejectedBy' must be output, route or budget, was '" + kind + "'");
      }
      contains = required(p, "messageContains", id);
    }
    return new Mutant(
        id,
        folder,
        check.substring(0, hash).strip(),
        check.substring(hash + 1).strip(),
        base.equals("solution"),
        accepted,
        rejection,
        contains,
        required(p, "why", id),
        Boolean.parseBoolean(p.getProperty("extended", "false").strip()));
  }

  private static String required(Properties p, String key, String id) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(id + ": " + FILE + " has no '" + key + "'");
    }
    return value.strip();
  }
}
