package dev.flinktuning.support.mutants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Mutant: its properties and its patch")
class MutantTest {

  @TempDir Path folder;

  @Test
  @DisplayName("reads a rejected mutant's check, base and expected rejection")
  void readsARejectedMutant() throws Exception {
    Files.writeString(
        folder.resolve(Mutant.FILE),
        "check=a.b.SomeTest#someCheck\n"
            + "base=starter\n"
            + "rejectedBy=route\n"
            + "messageContains=State kept outside\n"
            + "why=state in a field\n");
    Mutant mutant = Mutant.read(folder);
    assertThat(mutant.check()).isEqualTo("a.b.SomeTest#someCheck");
    assertThat(mutant.onSolution()).isFalse();
    assertThat(mutant.expectAccepted()).isFalse();
    assertThat(mutant.rejectedBy()).isEqualTo(Mutant.Rejection.ROUTE);
    assertThat(mutant.extended()).isFalse();

    Files.writeString(
        folder.resolve(Mutant.FILE),
        "check=a.b.SomeTest#someCheck\nexpect=accepted\nwhy=right\nextended=true\n");
    assertThat(Mutant.read(folder).expectAccepted()).isTrue();
    assertThat(Mutant.read(folder).extended()).isTrue();
  }

  @Test
  @DisplayName("refuses properties it cannot judge by, naming the key")
  void refusesIncompleteProperties() throws Exception {
    Files.writeString(folder.resolve(Mutant.FILE), "check=a.b.SomeTest#someCheck\nwhy=x\n");
    assertThatThrownBy(() -> Mutant.read(folder)).hasMessageContaining("'rejectedBy'");
    Files.writeString(
        folder.resolve(Mutant.FILE),
        "check=a.b.SomeTest#someCheck\nrejectedBy=speed\nmessageContains=x\nwhy=x\n");
    assertThatThrownBy(() -> Mutant.read(folder)).hasMessageContaining("output, route or budget");
  }

  @Test
  @DisplayName("applies a unified diff to the module's copy, and says when it does not apply")
  void appliesAPatch() throws Exception {
    Path file = folder.resolve("copy/src/main/java/Job.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "class Job {\n  int parallelism = 4;\n}\n");
    Path patch = folder.resolve(Mutant.PATCH);
    Files.writeString(
        patch,
        "--- a/src/main/java/Job.java\n"
            + "+++ b/src/main/java/Job.java\n"
            + "@@ -1,3 +1,3 @@\n"
            + " class Job {\n"
            + "-  int parallelism = 4;\n"
            + "+  int parallelism = 1;\n"
            + " }\n");

    assertThat(MutantPatch.apply(patch, folder.resolve("copy"))).isNull();
    assertThat(Files.readString(file)).contains("parallelism = 1;");
    assertThat(MutantPatch.apply(patch, folder.resolve("copy"))).contains("does not apply");
  }
}
