package dev.flinktuning.support.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ShopEventFiles")
class ShopEventFilesTest {

  @Test
  @DisplayName("splits events over files by index, each file in index order")
  void splitsByIndex(@TempDir Path dir) throws Exception {
    ShopEventGenerator generator = ShopEventGenerator.withSeed(9);
    List<Path> files = ShopEventFiles.writeCsv(dir, generator, 1_001, 3);

    assertThat(files).hasSize(3);
    List<ShopEvent> all = new ArrayList<>();
    for (int k = 0; k < files.size(); k++) {
      List<ShopEvent> inFile =
          Files.readAllLines(files.get(k)).stream().map(ShopEvent::fromCsv).toList();
      int fileIndex = k;
      assertThat(inFile).allMatch(e -> e.eventId % 3 == fileIndex);
      assertThat(inFile).isSortedAccordingTo(Comparator.comparingLong(e -> e.eventId));
      all.addAll(inFile);
    }
    all.sort(Comparator.comparingLong(e -> e.eventId));
    assertThat(all).containsExactlyElementsOf(generator.generate(1_001));
  }
}
