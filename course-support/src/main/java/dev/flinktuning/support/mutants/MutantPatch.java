package dev.flinktuning.support.mutants;

import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies a mutant's {@code mutant.patch}, a unified diff such as {@code diff -u} or {@code git
 * diff} writes, to the mutant's copy of the chapter. A patch keeps a mutant to the lines it
 * changes, so the reader sees the wrong route at a glance.
 */
final class MutantPatch {

  private MutantPatch() {}

  /**
   * Applies every file of the patch under {@code moduleCopy}; returns why it does not apply, or
   * null when it does.
   */
  static String apply(Path patch, Path moduleCopy) throws IOException {
    UnifiedDiff diff;
    try (InputStream in = Files.newInputStream(patch)) {
      diff = UnifiedDiffReader.parseUnifiedDiff(in);
    }
    if (diff.getFiles().isEmpty()) {
      return patch + " holds no file diff";
    }
    for (UnifiedDiffFile file : diff.getFiles()) {
      String name = withoutGitPrefix(file.getFromFile());
      Path target = moduleCopy.resolve(name);
      if (!Files.isRegularFile(target)) {
        return patch.getFileName() + " changes " + name + ", which the base does not have";
      }
      List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
      try {
        Files.write(target, file.getPatch().applyTo(lines), StandardCharsets.UTF_8);
      } catch (PatchFailedException e) {
        return patch.getFileName() + " does not apply to " + name + ": " + e.getMessage();
      }
    }
    return null;
  }

  private static String withoutGitPrefix(String path) {
    return path.startsWith("a/") || path.startsWith("b/") ? path.substring(2) : path;
  }
}
