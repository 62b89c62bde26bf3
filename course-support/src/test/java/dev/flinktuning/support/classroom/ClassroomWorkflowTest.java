package dev.flinktuning.support.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClassroomWorkflow: the autograding workflow lists every graded check, and only those")
class ClassroomWorkflowTest {

  private static final Path ROOT = courseRoot();

  @Test
  @DisplayName("finds every @GradedCheck in the chapters' tests")
  void findsEveryGradedCheck() throws IOException {
    List<ClassroomWorkflow.Check> checks = ClassroomWorkflow.checks(ROOT);
    assertThat(checks).hasSize(annotationsInChapterTests());
    assertThat(checks)
        .allSatisfy(
            check -> {
              assertThat(check.exercise()).startsWith("Chapter ");
              assertThat(check.method()).isNotBlank();
              assertThat(check.id()).matches("ch0[1-9]-[a-z0-9-]+");
            });
  }

  @Test
  @DisplayName("the committed workflow is the one the chapters' tests give")
  void committedWorkflowIsUpToDate() throws IOException {
    String expected = ClassroomWorkflow.workflow(ClassroomWorkflow.checks(ROOT));
    Path file = ROOT.resolve(ClassroomWorkflow.FILE);
    String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertThat(committed)
        .as(
            "%s is out of date: a graded check was added, renamed or removed. Regenerate it with"
                + " java course-support/src/main/java/dev/flinktuning/support/classroom/"
                + "ClassroomWorkflow.java .",
            ClassroomWorkflow.FILE)
        .isEqualTo(expected);
  }

  /** Counts the annotations directly, so a check the workflow's parser misses shows. */
  private static int annotationsInChapterTests() throws IOException {
    Pattern annotation = Pattern.compile("^\\s*@GradedCheck\\b", Pattern.MULTILINE);
    int count = 0;
    try (Stream<Path> files = Files.walk(ROOT, 1)) {
      for (Path module :
          files.filter(p -> p.getFileName().toString().startsWith("module-")).toList()) {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
          continue;
        }
        try (Stream<Path> sources = Files.walk(tests)) {
          for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
            Matcher m = annotation.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
              count++;
            }
          }
        }
      }
    }
    return count;
  }

  private static Path courseRoot() {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    return root;
  }
}
