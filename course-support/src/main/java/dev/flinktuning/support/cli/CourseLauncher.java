package dev.flinktuning.support.cli;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the {@code course} scripts start, with only {@code course-support/target/classes} on the
 * class path: it makes sure the course kit is built and its class path is known ({@code
 * .course/classpath}, written by Maven), rebuilds both when a source of the kit or a pom is newer,
 * then runs {@link Course} in a class loader with that class path. (A class path of a few hundred
 * jars is too long for a Windows command line; a file read here has no such limit.)
 */
public final class CourseLauncher {

  private CourseLauncher() {}

  public static void main(String[] args) throws Throwable {
    Path root = Path.of(System.getProperty("course.root", ".")).toAbsolutePath().normalize();
    Path classpathFile = root.resolve(".course").resolve("classpath");
    if (stale(root, classpathFile)) {
      int code = build(root, classpathFile);
      if (code != 0) {
        System.err.println(
            "course: could not build the course kit (course-support); Maven's output is above. Try"
                + " ./mvnw -pl course-support compile");
        System.exit(code);
      }
    }
    List<URL> urls = new ArrayList<>();
    urls.add(root.resolve("course-support/target/classes").toUri().toURL());
    for (String entry :
        Files.readString(classpathFile, StandardCharsets.UTF_8).strip().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    try {
      loader
          .loadClass("dev.flinktuning.support.cli.Course")
          .getMethod("main", String[].class)
          .invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Whether the class path file is missing or older than a source of the kit or a pom. */
  static boolean stale(Path root, Path classpathFile) throws IOException {
    if (!Files.isRegularFile(classpathFile)
        || !Files.isRegularFile(
            root.resolve(
                "course-support/target/classes/dev/flinktuning/support/cli/Course.class"))) {
      return true;
    }
    FileTime built = Files.getLastModifiedTime(classpathFile);
    for (Path pom : List.of(root.resolve("pom.xml"), root.resolve("course-support/pom.xml"))) {
      if (Files.getLastModifiedTime(pom).compareTo(built) > 0) {
        return true;
      }
    }
    try (Stream<Path> sources = Files.walk(root.resolve("course-support/src/main"))) {
      return sources.anyMatch(
          p -> {
            try {
              return Files.isRegularFile(p) && Files.getLastModifiedTime(p).compareTo(built) > 0;
            } catch (IOException e) {
              return true;
            }
          });
    }
  }

  private static int build(Path root, Path classpathFile) throws IOException, InterruptedException {
    System.err.println(
        "course: building the course kit (course-support), new or changed since its last build ...");
    Files.createDirectories(classpathFile.getParent());
    Files.deleteIfExists(classpathFile);
    List<String> command = new ArrayList<>();
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    if (windows) {
      command.addAll(List.of("cmd.exe", "/c", root.resolve("mvnw.cmd").toString()));
    } else {
      command.add(root.resolve("mvnw").toString());
    }
    command.addAll(
        List.of(
            "-B",
            "-q",
            "-pl",
            "course-support",
            "compile",
            "dependency:build-classpath",
            "-Dmdep.includeScope=runtime",
            "-Dmdep.outputFile=" + classpathFile));
    Process maven = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
    return maven.waitFor();
  }
}
