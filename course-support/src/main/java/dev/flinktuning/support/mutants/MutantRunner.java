package dev.flinktuning.support.mutants;

import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.i18n.Texts;
import dev.flinktuning.support.overlay.SolutionOverlay;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The integrity run's red team: builds each mutant of a chapter ({@code mutants/<module>/}) and
 * runs the graded check it attacks, in a JVM of its own, then says whether the check rejected it
 * for the intended reason. It also insists that every graded check of the chapter has at least
 * {@value #MUTANTS_PER_CHECK} mutants.
 *
 * <p>A mutant's base is the chapter's starter as committed (git {@code HEAD}), with {@code
 * solutions/<module>} on top unless it is based on the starter: the same files {@code -Psolution}
 * builds from (see {@link SolutionOverlay}).
 *
 * <p>Run by {@code ./mvnw verify -Pintegrity}, once per chapter, with the chapter's test class
 * path. Arguments: the repository root, the module's artifact id, its base folder, its main and its
 * test classes folders. {@code -Dmutant=<id>[,<id>...]} runs only those mutants; {@code
 * -Dcourse.mutants.parallel=<n>} runs up to n mutants of counting checks at once (those of timed
 * checks, {@link GradedCheck#timed()}, always run alone); {@code -Dcourse.mutants.extended=true}
 * also runs the mutants marked {@code extended=true}, which CI leaves out for time; {@code
 * -Dcourse.mutants.quickJit=true} starts each mutant's JVM with C1 only and the serial collector.
 */
public final class MutantRunner {

  static final int MUTANTS_PER_CHECK = 2;

  private static final long TIMEOUT_MINUTES = 10;

  private final Path root;
  private final String module;
  private final Path moduleDir;
  private final Path mainClasses;
  private final Path testClasses;
  private final Path workDir;
  private final AtomicBoolean starterNoteShown = new AtomicBoolean();
  private final AtomicInteger ranAgain = new AtomicInteger();

  private MutantRunner(String[] args) {
    this.root = Path.of(args[0]);
    this.module = args[1];
    this.moduleDir = Path.of(args[2]);
    this.mainClasses = Path.of(args[3]);
    this.testClasses = Path.of(args[4]);
    this.workDir = moduleDir.resolve("target").resolve("mutants");
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println(
          "usage: MutantRunner <root> <module> <module dir> <main classes> <test classes>");
      System.exit(2);
    }
    Set<String> only = new TreeSet<>();
    for (String id : System.getProperty("mutant", "").split(",")) {
      if (!id.isBlank()) {
        only.add(id.strip());
      }
    }
    boolean allGood = new MutantRunner(args).run(only);
    System.exit(allGood ? 0 : 1);
  }

  private boolean run(Set<String> only) throws Exception {
    Map<String, Boolean> checks = gradedChecks();
    List<Mutant> mutants = mutants();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    for (Mutant mutant : mutants) {
      if (!checks.containsKey(mutant.check())) {
        problems.add(mutant.id() + ": its check " + mutant.check() + " is not a graded check");
      }
    }
    if (only.isEmpty()) {
      for (String check : checks.keySet()) {
        long rejected =
            mutants.stream()
                .filter(m -> m.check().equals(check) && !m.expectAccepted() && !m.extended())
                .count();
        if (rejected < MUTANTS_PER_CHECK) {
          problems.add(
              String.format(
                  "%s has %d mutant(s) to reject in the core set; every graded check needs at"
                      + " least %d",
                  check, rejected, MUTANTS_PER_CHECK));
        }
      }
    }
    List<Mutant> judged =
        mutants.stream()
            .filter(m -> only.isEmpty() || only.contains(m.id()))
            .filter(m -> !m.extended() || extendedToo() || only.contains(m.id()))
            .filter(m -> checks.containsKey(m.check()))
            .toList();
    // Counting checks share the machine, a few mutants at a time; timed ones run alone after.
    ExecutorService pool = Executors.newFixedThreadPool(parallelism());
    List<Future<?>> running = new ArrayList<>();
    for (Mutant mutant : judged) {
      if (!checks.get(mutant.check())) {
        running.add(pool.submit(() -> judgeInto(mutant, problems)));
      }
    }
    for (Future<?> future : running) {
      future.get();
    }
    pool.shutdown();
    for (Mutant mutant : judged) {
      if (checks.get(mutant.check())) {
        judgeInto(mutant, problems);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[mutant] %s: %d graded checks, %d mutants judged, %d problems%s%n",
        module,
        checks.size(),
        judged.size(),
        problems.size(),
        ranAgain.get() == 0
            ? ""
            : " (" + ranAgain.get() + " run again after their JVM ended without a verdict)");
    problems.forEach(p -> System.out.println("[mutant] BAD  " + p));
    return problems.isEmpty();
  }

  /** Whether the extended set runs too; CI runs the core set, authors run both. */
  private static boolean extendedToo() {
    return Boolean.getBoolean("course.mutants.extended");
  }

  private static int parallelism() {
    return Math.max(1, Integer.getInteger("course.mutants.parallel", 1));
  }

  private Void judgeInto(Mutant mutant, List<String> problems) throws Exception {
    String problem = judge(mutant);
    if (problem != null) {
      problems.add(mutant.id() + ": " + problem);
    }
    return null;
  }

  /** Builds and runs one mutant; returns what is wrong, or null when the check judged it right. */
  private String judge(Mutant mutant) throws Exception {
    long started = System.nanoTime();
    Path dir = workDir.resolve(mutant.id());
    deleteTree(dir);
    Path classes = dir.resolve("classes");
    String compileErrors = compile(mutant, dir.resolve("sources"), classes);
    if (compileErrors != null) {
      report("BAD ", mutant, started, "does not compile");
      return "does not compile:\n" + compileErrors;
    }
    Properties result = runCheck(mutant, classes, dir);
    if (diedWithoutVerdict(result)) {
      // A JVM that dies under a check (a native crash, a library that halts it) says nothing
      // about the check; its output goes to the log, and the check runs once more.
      report("AGAIN", mutant, started, "the check's JVM " + ending(result) + "; running it again");
      printTail(mutant, dir.resolve("output.log"));
      ranAgain.incrementAndGet();
      Files.move(
          dir.resolve("output.log"),
          dir.resolve("output-first-try.log"),
          StandardCopyOption.REPLACE_EXISTING);
      result = runCheck(mutant, classes, dir);
    }
    String outcome = result.getProperty("outcome", "not run");
    String error = result.getProperty("error", "");
    String message = result.getProperty("message", "");
    String firstLine = message.lines().findFirst().orElse("").strip();
    String log = " (its output: " + moduleDir.relativize(dir.resolve("output.log")) + ")";

    if (diedWithoutVerdict(result)) {
      report("BAD ", mutant, started, "the check's JVM " + ending(result));
      printTail(mutant, dir.resolve("output.log"));
      return "the check did not run to a verdict (its JVM " + ending(result) + ")" + log;
    }
    if (mutant.expectAccepted()) {
      if (outcome.equals("passed")) {
        report("OK  ", mutant, started, "accepted, as a correct alternative must be");
        return null;
      }
      report("BAD ", mutant, started, "a correct alternative was not accepted: " + firstLine);
      return "a correct alternative was not accepted: " + outcome + " " + firstLine + log;
    }
    if (outcome.equals("passed")) {
      report("BAD ", mutant, started, "ACCEPTED: the check does not see that " + mutant.why());
      return "the check accepted it; it should not, because " + mutant.why() + log;
    }
    if (!outcome.equals("failed")) {
      report("BAD ", mutant, started, "the check crashed: " + error + " " + firstLine);
      return "the check did not run to a verdict ("
          + outcome
          + "): "
          + error
          + " "
          + firstLine
          + log;
    }
    boolean rightError = error.equals(mutant.rejectedBy().errorType);
    boolean rightReason =
        message
            .toLowerCase(Locale.ROOT)
            .contains(mutant.messageContains().toLowerCase(Locale.ROOT));
    if (rightError && rightReason) {
      report("OK  ", mutant, started, "rejected: " + firstLine);
      return null;
    }
    String expected =
        simpleName(mutant.rejectedBy().errorType)
            + " containing \""
            + mutant.messageContains()
            + "\"";
    report(
        "BAD ",
        mutant,
        started,
        "rejected for another reason: " + simpleName(error) + " " + firstLine);
    return "rejected, but not as intended: expected "
        + expected
        + ", got "
        + simpleName(error)
        + ": "
        + firstLine
        + log;
  }

  private void report(String verdict, Mutant mutant, long started, String detail) {
    String line =
        String.format(
            Locale.ROOT,
            "[mutant] %s %s/%s (%.0f s) | %s",
            verdict,
            module,
            mutant.id(),
            (System.nanoTime() - started) / 1e9,
            detail);
    System.out.println(line);
  }

  /**
   * Lays the mutant's files over its base, applies its patch and compiles the result; returns what
   * went wrong, or null.
   */
  private String compile(Mutant mutant, Path sources, Path classes) throws IOException {
    // The starter as committed, as -Psolution builds it: the working tree plays no part.
    String note =
        SolutionOverlay.starterInto(
            moduleDir, sources.resolve("src/main"), SolutionOverlay.committedRequested());
    if (note != null && !starterNoteShown.getAndSet(true)) {
      System.out.println("[mutant] " + module + ": " + note);
    }
    if (mutant.onSolution()) {
      SolutionOverlay.copyTree(
          root.resolve("solutions").resolve(module).resolve("src/main"),
          sources.resolve("src/main"));
    }
    SolutionOverlay.copyTree(mutant.folder().resolve("src/main"), sources.resolve("src/main"));
    Path patch = mutant.folder().resolve(Mutant.PATCH);
    if (Files.exists(patch)) {
      String failure = MutantPatch.apply(patch, sources);
      if (failure != null) {
        return failure;
      }
    }
    Files.createDirectories(classes);
    SolutionOverlay.copyTree(sources.resolve("src/main/resources"), classes);

    List<String> files;
    try (Stream<Path> walk = Files.walk(sources.resolve("src/main/java"))) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> options = new ArrayList<>();
    options.addAll(List.of("-d", classes.toString(), "-classpath", dependencies()));
    options.addAll(List.of("--release", "17", "-parameters", "-nowarn", "-proc:none"));
    options.addAll(files);
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status =
        compiler.run(null, OutputStream.nullOutputStream(), errors, options.toArray(String[]::new));
    return status == 0 ? null : errors.toString(StandardCharsets.UTF_8);
  }

  /** Runs the mutant's graded check in a JVM of its own, with the mutant's classes on its path. */
  private Properties runCheck(Mutant mutant, Path classes, Path dir) throws Exception {
    Path resultFile = dir.resolve("result.properties");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(childJvmOptions(dir));
    command.add("-classpath");
    command.add(classes + File.pathSeparator + testClasses + File.pathSeparator + dependencies());
    command.add(RunCheck.class.getName());
    command.add(mutant.testClass());
    command.add(mutant.testMethod());
    command.add(resultFile.toString());
    Process process =
        new ProcessBuilder(command)
            .directory(moduleDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.log").toFile())
            .start();
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        Properties timedOut = new Properties();
        timedOut.setProperty("outcome", "timed out after " + TIMEOUT_MINUTES + " minutes");
        return timedOut;
      }
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    Properties result = new Properties();
    if (Files.exists(resultFile)) {
      try (Reader in = Files.newBufferedReader(resultFile)) {
        result.load(in);
      }
    } else {
      result.setProperty(EXIT_CODE, String.valueOf(process.exitValue()));
    }
    return result;
  }

  /** Set only when the check's JVM ended without writing its result. */
  private static final String EXIT_CODE = "exitCode";

  private static final int TAIL_LINES = 40;

  private static boolean diedWithoutVerdict(Properties result) {
    return result.containsKey(EXIT_CODE);
  }

  private static String ending(Properties result) {
    return "ended with exit code " + result.getProperty(EXIT_CODE) + " and no verdict";
  }

  /** The last lines of a check's output, where a JVM that died says why (or its crash file is). */
  private void printTail(Mutant mutant, Path output) throws IOException {
    String prefix = "[mutant]   " + mutant.id() + " | ";
    if (!Files.exists(output)) {
      return;
    }
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      System.out.println(prefix + moduleDir.relativize(output) + " is empty");
      return;
    }
    // One block, so that the tails of mutants that run side by side do not interleave.
    StringBuilder tail =
        new StringBuilder(prefix + moduleDir.relativize(output) + ", its last lines:");
    lines
        .subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
        .forEach(line -> tail.append(System.lineSeparator()).append(prefix).append(line));
    System.out.println(tail);
  }

  /** This JVM's options that Flink needs (the --add-opens list), plus the tests' own settings. */
  private static List<String> childJvmOptions(Path dir) {
    List<String> options = new ArrayList<>();
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-")) {
        options.add(argument);
      }
    }
    options.add("-Xmx2g");
    // A native crash (RocksDB's, say) leaves its report beside the mutant's output.
    options.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
    if (Boolean.getBoolean("course.mutants.quickJit")) {
      options.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    } else {
      options.add("-XX:+UseG1GC");
    }
    options.add("-Dlog4j2.configurationFile=log4j2.xml");
    // A mutant's expected message (messageContains) is English, whatever the machine's locale.
    options.add("-D" + Texts.LANG_PROPERTY + "=en");
    for (String property : List.of("course.kafka", "course.redis")) {
      String value = System.getProperty(property, "");
      if (!value.isBlank()) {
        options.add("-D" + property + "=" + value);
      }
    }
    return options;
  }

  /** The chapter's class path without its own classes: what a mutant compiles and runs against. */
  private String dependencies() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .filter(entry -> !Path.of(entry).equals(mainClasses))
        .filter(entry -> !Path.of(entry).equals(testClasses))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * Every graded check in the chapter's test classes, as {@code class#method}, and whether it is
   * timed.
   */
  private Map<String, Boolean> gradedChecks() throws Exception {
    Map<String, Boolean> checks = new TreeMap<>();
    if (!Files.isDirectory(testClasses)) {
      return checks;
    }
    List<Path> classFiles;
    try (Stream<Path> walk = Files.walk(testClasses)) {
      classFiles = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    for (Path file : classFiles) {
      String relative = testClasses.relativize(file).toString();
      if (relative.contains("$")) {
        continue;
      }
      String name = relative.substring(0, relative.length() - ".class".length());
      name = name.replace(File.separatorChar, '.');
      Class<?> type = Class.forName(name, false, MutantRunner.class.getClassLoader());
      for (Method method : type.getDeclaredMethods()) {
        GradedCheck check = method.getAnnotation(GradedCheck.class);
        if (check != null) {
          checks.put(name + "#" + method.getName(), check.timed());
        }
      }
    }
    return checks;
  }

  /** The chapter's mutants, in the order of their folder names. */
  private List<Mutant> mutants() throws IOException {
    Path folder = root.resolve("mutants").resolve(module);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    Map<String, Mutant> mutants = new TreeMap<>();
    try (Stream<Path> children = Files.list(folder)) {
      for (Path child : children.sorted(Comparator.naturalOrder()).toList()) {
        if (Files.isRegularFile(child.resolve(Mutant.FILE))) {
          Mutant mutant = Mutant.read(child);
          mutants.put(mutant.id(), mutant);
        }
      }
    }
    return new ArrayList<>(mutants.values());
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
