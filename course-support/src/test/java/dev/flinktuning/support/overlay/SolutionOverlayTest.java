package dev.flinktuning.support.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolutionOverlayTest {

  private static final String PKG = "src/main/java/dev/example/";

  @TempDir Path dir;

  @Test
  void buildsTheCommittedStarterWithTheSolutionOnTopWhateverTheWorkingTreeHolds() throws Exception {
    Path repo = dir.resolve("repo");
    Path module = repo.resolve("module-09-example");
    write(module.resolve(PKG + "Job.java"), "class Job { /* starter */ }");
    write(module.resolve(PKG + "Helper.java"), "class Helper {}");
    write(module.resolve("src/main/resources/log4j2.xml"), "<Configuration/>");
    write(module.resolve("src/test/java/dev/example/JobTest.java"), "class JobTest {}");
    assumeTrue(git(repo, "init", "-q"), "git is not installed");
    assertThat(git(repo, "add", ".")).isTrue();
    assertThat(git(repo, "commit", "-q", "-m", "starter")).isTrue();

    // The learner's working tree: an added class, an edited file that does not compile, a deletion.
    write(module.resolve(PKG + "ScoreTopTen.java"), "class ScoreTopTen { broken");
    write(module.resolve(PKG + "Job.java"), "class Job { broken");
    Files.delete(module.resolve(PKG + "Helper.java"));

    Path solution = dir.resolve("solutions/module-09-example");
    write(solution.resolve(PKG + "Fast.java"), "class Fast {}");
    Path overlay = module.resolve("target/solution/solution-overlay");
    write(overlay.resolve("java/dev/example/Stale.java"), "class Stale { from an earlier build");

    String note = SolutionOverlay.build(module, solution, overlay, true);

    assertThat(note).isNull();
    assertThat(files(overlay))
        .containsExactlyInAnyOrder(
            "java/dev/example/Job.java",
            "java/dev/example/Helper.java",
            "java/dev/example/Fast.java",
            "resources/log4j2.xml");
    assertThat(Files.readString(overlay.resolve("java/dev/example/Job.java")))
        .isEqualTo("class Job { /* starter */ }");
  }

  @Test
  void aSolutionFileReplacesTheStartersFileOfTheSameName() throws Exception {
    Path repo = dir.resolve("repo");
    Path module = repo.resolve("module-09-example");
    write(module.resolve(PKG + "Job.java"), "class Job { /* starter */ }");
    assumeTrue(git(repo, "init", "-q"), "git is not installed");
    git(repo, "add", ".");
    assertThat(git(repo, "commit", "-q", "-m", "starter")).isTrue();
    Path solution = dir.resolve("solutions/module-09-example");
    write(solution.resolve(PKG + "Job.java"), "class Job { /* reference */ }");
    Path overlay = dir.resolve("overlay");

    SolutionOverlay.build(module, solution, overlay, true);

    assertThat(Files.readString(overlay.resolve("java/dev/example/Job.java")))
        .isEqualTo("class Job { /* reference */ }");
  }

  @Test
  void withoutGitHistoryItUsesTheWorkingTreeAndSaysSo() throws Exception {
    Path module = dir.resolve("unzipped/module-09-example");
    write(module.resolve(PKG + "Job.java"), "class Job { /* as downloaded */ }");
    Path overlay = dir.resolve("overlay");
    write(overlay.resolve("java/dev/example/Stale.java"), "class Stale {}");

    String note = SolutionOverlay.build(module, dir.resolve("no-solution"), overlay, true);

    assertThat(note).startsWith("built from the starter files as they are in your working tree");
    assertThat(files(overlay)).containsExactly("java/dev/example/Job.java");
  }

  @Test
  void anUncommittedChapterFallsBackToItsWorkingTree() throws Exception {
    Path repo = dir.resolve("repo");
    write(repo.resolve("README.md"), "course");
    assumeTrue(git(repo, "init", "-q"), "git is not installed");
    git(repo, "add", ".");
    assertThat(git(repo, "commit", "-q", "-m", "first")).isTrue();
    Path module = repo.resolve("module-10-new");
    write(module.resolve(PKG + "Job.java"), "class Job {}");

    String note = SolutionOverlay.build(module, dir.resolve("none"), dir.resolve("overlay"), true);

    assertThat(note).contains("not committed");
    assertThat(files(dir.resolve("overlay"))).containsExactly("java/dev/example/Job.java");
  }

  @Test
  void worktreeModeTakesTheFilesAsTheyAre() throws Exception {
    Path module = dir.resolve("module-09-example");
    write(module.resolve(PKG + "Job.java"), "class Job { /* edited */ }");

    String note = SolutionOverlay.build(module, dir.resolve("none"), dir.resolve("overlay"), false);

    assertThat(note).isNull();
    assertThat(files(dir.resolve("overlay"))).containsExactly("java/dev/example/Job.java");
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static List<String> files(Path root) throws IOException {
    List<String> files = new ArrayList<>();
    try (var walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .forEach(f -> files.add(root.relativize(f).toString().replace('\\', '/')));
    }
    return files;
  }

  /** Runs git in the folder; false when it is not installed or fails. */
  private static boolean git(Path repo, String... args) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Course"));
    command.addAll(List.of("-c", "user.email=course@example.org", "-c", "commit.gpgsign=false"));
    command.addAll(List.of(args));
    try {
      Process git =
          new ProcessBuilder(command)
              .directory(repo.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0;
    } catch (IOException notInstalled) {
      return false;
    }
  }
}
