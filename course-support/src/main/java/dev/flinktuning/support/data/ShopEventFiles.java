package dev.flinktuning.support.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes generated events as CSV files, one {@link ShopEvent#toCsv()} line each: an input split
 * into a fixed number of files, the way a topic is split into partitions. File {@code k} of {@code
 * n} holds the events whose index is {@code k} modulo {@code n}, in index order.
 */
public final class ShopEventFiles {

  private ShopEventFiles() {}

  /**
   * Writes events {@code 0 .. count-1} into {@code files} files in {@code directory}, which is
   * created if needed.
   *
   * @return the files written, in order
   */
  public static List<Path> writeCsv(
      Path directory, ShopEventGenerator generator, long count, int files) {
    try {
      Files.createDirectories(directory);
      List<BufferedWriter> writers = new ArrayList<>();
      List<Path> paths = new ArrayList<>();
      try {
        for (int k = 0; k < files; k++) {
          Path path = directory.resolve(String.format("events-%02d.csv", k));
          paths.add(path);
          writers.add(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
        }
        for (long i = 0; i < count; i++) {
          BufferedWriter writer = writers.get((int) (i % files));
          writer.write(generator.map(i).toCsv());
          writer.newLine();
        }
      } finally {
        for (BufferedWriter writer : writers) {
          writer.close();
        }
      }
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the event files into " + directory, e);
    }
  }

  /**
   * Deletes the event files in {@code directory} and then the directory, if it is empty by then:
   * for a starter that wrote its input into a temporary directory, once its job is done.
   */
  public static void delete(Path directory) {
    try (var files = Files.list(directory)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().matches("events-\\d+\\.csv")).toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      System.err.println("Could not delete the event files in " + directory + ": " + e);
    }
  }
}
