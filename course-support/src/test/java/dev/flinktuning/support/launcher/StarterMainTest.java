package dev.flinktuning.support.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StarterMainTest {

  private static final String PACKAGE = "dev.flinktuning.support.launcher.starters";

  @Test
  void findsTheTopLevelClassesWithAMainInThePackage() throws Exception {
    assertThat(StarterMain.startersIn(PACKAGE)).containsExactly("FirstJob", "SecondJob");
  }

  @Test
  void anUnknownNameGetsTheListOfStarters() {
    String message = StarterMain.unknown("NoSuchJob", PACKAGE, List.of("FirstJob", "SecondJob"));

    assertThat(message)
        .startsWith("No starter 'NoSuchJob' in this chapter.")
        .contains("The chapter's starters: FirstJob, SecondJob")
        .contains("-Dstarter=FirstJob")
        .doesNotContain("Did you mean");
  }

  @Test
  void aNameInTheWrongCaseGetsASuggestion() {
    String message = StarterMain.unknown("firstjob", PACKAGE, List.of("FirstJob", "SecondJob"));

    assertThat(message).contains("Did you mean FirstJob?");
  }

  @Test
  void aChapterNotCompiledYetSaysSo() {
    assertThat(StarterMain.unknown("FirstJob", "dev.example", List.of()))
        .contains("has the chapter been compiled");
  }
}
