package dev.flinktuning.support.overlay;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Builds the sources of a chapter's reference solution: the chapter's starter files <b>as
 * committed</b> (git {@code HEAD}), with the files of {@code solutions/<module>} laid over them.
 * Whatever the learner added, edited or deleted in the chapter's {@code src/main} plays no part,
 * and the folder is emptied first, so nothing from an earlier build survives.
 *
 * <p>Without git history (a zip download, no {@code git} on the path, the chapter not committed
 * yet) it falls back to the starter files as they are, and says so in one line. Course authors who
 * want their uncommitted starter edits in the solution build pass {@code
 * -Dcourse.overlay.starter=worktree}.
 *
 * <p>Run by {@code -Psolution} at {@code initialize} (see the root {@code pom.xml}); the integrity
 * run's {@code MutantRunner} builds each mutant's base the same way.
 */
public final class SolutionOverlay {

  /** System property: {@code committed} (the default) or {@code worktree}. */
  public static final String STARTER_PROPERTY = "course.overlay.starter";

  /** The starter's files in a chapter, and the part of them that is built. */
  private static final String MAIN = "src/main";

  private static final List<String> BUILT = List.of("java/", "resources/");

  private static final String GIT_TIMEOUT_NOTE = "git did not answer within 60 s";

  private SolutionOverlay() {}

  /**
   * Arguments: the chapter's folder, its reference files' folder ({@code solutions/<module>}), the
   * overlay folder to (re)create, and {@code committed} or {@code worktree}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4) {
      throw new IllegalArgumentException(
          "usage: SolutionOverlay <module dir> <solution dir> <overlay dir> [committed|worktree]");
    }
    Path module = Path.of(args[0]);
    String note =
        build(
            module,
            Path.of(args[1]),
            Path.of(args[2]),
            args.length < 4 || !args[3].strip().equalsIgnoreCase("worktree"));
    if (note != null) {
      System.out.println("[solution] " + module.getFileName() + ": " + note);
    }
  }

  /**
   * Empties {@code overlay}, then fills {@code overlay/java} and {@code overlay/resources} with the
   * starter's files and the reference files on top.
   *
   * @param committed the starter as in git's {@code HEAD}; false: as in the working tree
   * @return null, or one line saying that the working tree's files were used, and why
   */
  public static String build(Path moduleDir, Path solutionDir, Path overlay, boolean committed)
      throws IOException {
    deleteTree(overlay);
    Files.createDirectories(overlay);
    String note = starterInto(moduleDir, overlay, committed);
    copyTree(solutionDir.resolve("src/main/java"), overlay.resolve("java"));
    copyTree(solutionDir.resolve("src/main/resources"), overlay.resolve("resources"));
    return note;
  }

  /**
   * Writes the chapter's {@code src/main/java} and {@code src/main/resources} into {@code
   * mainDir/java} and {@code mainDir/resources}.
   *
   * @param committed as in git's {@code HEAD}; false: as in the working tree
   * @return null, or one line saying that the working tree's files were used, and why
   */
  public static String starterInto(Path moduleDir, Path mainDir, boolean committed)
      throws IOException {
    if (!committed) {
      copyWorkingTree(moduleDir, mainDir);
      return null;
    }
    String failure = extractFromHead(moduleDir, mainDir);
    if (failure == null) {
      return null;
    }
    copyWorkingTree(moduleDir, mainDir);
    return "built from the starter files as they are in your working tree (your changes"
        + " included), because "
        + failure
        + ".";
  }

  /** Whether {@code -Dcourse.overlay.starter} asks for the committed starter (the default). */
  public static boolean committedRequested() {
    return !System.getProperty(STARTER_PROPERTY, "committed").strip().equalsIgnoreCase("worktree");
  }

  /**
   * Extracts the module's {@code src/main} as in {@code HEAD}; returns why it could not, or null.
   */
  private static String extractFromHead(Path moduleDir, Path mainDir) throws IOException {
    Path errors = Files.createTempFile("course-git-", ".txt");
    try {
      Process git;
      try {
        git =
            new ProcessBuilder("git", "archive", "--format=zip", "HEAD", MAIN)
                .directory(moduleDir.toFile())
                .redirectError(errors.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
      } catch (IOException noGit) {
        return "git is not installed (or not on the PATH)";
      }
      git.getOutputStream().close();
      byte[] zip;
      try (InputStream out = git.getInputStream()) {
        zip = out.readAllBytes();
      }
      boolean ended;
      try {
        ended = git.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        git.destroyForcibly();
        return GIT_TIMEOUT_NOTE;
      }
      if (!ended) {
        git.destroyForcibly();
        return GIT_TIMEOUT_NOTE;
      }
      if (git.exitValue() != 0) {
        return why(Files.readString(errors, StandardCharsets.UTF_8));
      }
      unzip(zip, mainDir);
      return null;
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** git's complaint, as a learner would say it. */
  private static String why(String gitSaid) {
    String said = gitSaid.toLowerCase(Locale.ROOT);
    if (said.contains("not a git repository")) {
      return "this folder has no git history (a zip download?)";
    }
    if (said.contains("dubious ownership")) {
      return "git refuses to read this repository (it belongs to another user)";
    }
    if (said.contains("pathspec")
        || said.contains("is untracked")
        || said.contains("not a valid object name")) {
      return "this chapter's src/main is not committed (yet)";
    }
    String first = gitSaid.strip().lines().findFirst().orElse("no message");
    return "git archive failed: " + first;
  }

  private static void unzip(byte[] zip, Path mainDir) throws IOException {
    Path base = mainDir.toAbsolutePath().normalize();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        String name = entry.getName();
        if (!name.startsWith(MAIN + "/")) {
          continue;
        }
        name = name.substring(MAIN.length() + 1);
        if (BUILT.stream().noneMatch(name::startsWith)) {
          continue;
        }
        Path target = base.resolve(name).normalize();
        if (!target.startsWith(base)) {
          throw new IOException("git archive held a path outside src/main: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void copyWorkingTree(Path moduleDir, Path mainDir) throws IOException {
    copyTree(moduleDir.resolve("src/main/java"), mainDir.resolve("java"));
    copyTree(moduleDir.resolve("src/main/resources"), mainDir.resolve("resources"));
  }

  /** Copies a folder's files into another, replacing files of the same name. */
  public static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Deletes a folder and everything in it; nothing when it does not exist. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.delete(path);
    }
  }
}
