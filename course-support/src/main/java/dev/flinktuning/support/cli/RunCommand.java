package dev.flinktuning.support.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code course run <starter>}: runs a chapter's starter with the Web UI, as the README's {@code
 * ./mvnw -q -pl <module> -am compile exec:exec -Dstarter=<Name>} does.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a starter (a class with a main() in a chapter) with Flink's Web UI on 127.0.0.1.",
      "Without a name, lists the starters."
    })
final class RunCommand extends Course.CourseCommand {

  private static final Pattern MAIN =
      Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(\\s*(final\\s+)?String");

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "STARTER",
      description = "CategoryStatsJob, ...")
  String name;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The starter's own arguments.")
  List<String> args = new ArrayList<>();

  @Option(
      names = "--linger",
      paramLabel = "SECONDS",
      description =
          "How long the Web UI stays up after the job (the chapter's default if not set; 0: not at all).")
  Integer linger;

  @Option(names = "--solution", description = "Run the reference solution's version (-Psolution).")
  boolean solution;

  @Override
  public Integer call() throws Exception {
    Map<String, String> starters = starters(root);
    if (name == null) {
      out().println("Starters: " + list(starters));
      return 0;
    }
    String module = null;
    String found = null;
    for (Map.Entry<String, String> starter : starters.entrySet()) {
      if (starter.getKey().equalsIgnoreCase(name)) {
        found = starter.getKey();
        module = starter.getValue();
      }
    }
    if (module == null) {
      throw new CourseException("No starter '" + name + "'. Starters: " + list(starters) + ".");
    }
    List<String> maven = new ArrayList<>(List.of("-q"));
    if (solution) {
      maven.add("-Psolution");
    }
    maven.addAll(List.of("-pl", module, "-am", "compile", "exec:exec", "-Dstarter=" + found));
    if (linger != null) {
      maven.add("-Dcourse.linger=" + linger);
    }
    if (!args.isEmpty()) {
      maven.add("-Dcourse.args=" + String.join(" ", args));
    }
    out().println("./mvnw " + String.join(" ", maven));
    out().flush();
    Process process =
        new ProcessBuilder(Maven.command(root, maven.toArray(String[]::new)))
            .directory(root.toFile())
            .inheritIO()
            .start();
    try {
      return process.waitFor();
    } finally {
      process.destroy();
    }
  }

  /** Starter name to its chapter's module: every class with a main() in a chapter's sources. */
  static Map<String, String> starters(Path root) {
    Map<String, String> starters = new TreeMap<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module :
          modules.filter(p -> p.getFileName().toString().startsWith("module-")).sorted().toList()) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(sources)) {
          for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            if (MAIN.matcher(Files.readString(file, StandardCharsets.UTF_8)).find()) {
              String simple = file.getFileName().toString().replace(".java", "");
              starters.putIfAbsent(simple, module.getFileName().toString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return starters;
  }

  private static String list(Map<String, String> starters) {
    Map<String, List<String>> byChapter = new TreeMap<>();
    starters.forEach(
        (starter, module) ->
            byChapter.computeIfAbsent(module, m -> new ArrayList<>()).add(starter));
    List<String> parts = new ArrayList<>();
    byChapter.forEach(
        (module, names) ->
            parts.add(
                "chapter "
                    + Integer.parseInt(module.substring(7, 9))
                    + ": "
                    + String.join(", ", names)));
    return String.join("; ", parts);
  }
}
