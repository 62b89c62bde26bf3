package dev.flinktuning.support.cluster;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path of a Flink cluster's JVMs, picked from this JVM's: Flink's own jars and the
 * libraries they need, as a Flink distribution's {@code lib/} folder holds them (its {@code
 * flink-dist} jar, RocksDB's state backend, Log4j), and nothing of the course or of a job: not the
 * Kafka connector, nor Kafka's and Redis's clients, nor the course's classes. A job jar brings
 * those itself, as it must on a real cluster; were they also on the cluster's class path, Flink
 * would load the connector's classes from there ({@code org.apache.flink.} is loaded parent first)
 * and a jar that lacks something would seem fine here and fail on a real cluster.
 *
 * <p>Jars are recognised by their place in a Maven repository ({@code
 * .../org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1.jar}).
 */
public final class FlinkClasspath {

  /**
   * groupId:artifactId of every jar the cluster needs: what {@code flink-runtime}, {@code
   * flink-streaming-java}, {@code flink-clients}, {@code flink-runtime-web}, {@code
   * flink-connector-base}, {@code flink-connector-files} and {@code flink-statebackend-rocksdb}
   * depend on at run time, and Log4j behind SLF4J.
   */
  static final List<String> ARTIFACTS =
      List.of(
          "org.apache.flink:flink-annotations",
          "org.apache.flink:flink-clients",
          "org.apache.flink:flink-connector-base",
          "org.apache.flink:flink-connector-datagen",
          "org.apache.flink:flink-connector-files",
          "org.apache.flink:flink-core",
          "org.apache.flink:flink-core-api",
          "org.apache.flink:flink-datastream",
          "org.apache.flink:flink-datastream-api",
          "org.apache.flink:flink-file-sink-common",
          "org.apache.flink:flink-hadoop-fs",
          "org.apache.flink:flink-metrics-core",
          "org.apache.flink:flink-queryable-state-client-java",
          "org.apache.flink:flink-rpc-akka-loader",
          "org.apache.flink:flink-rpc-core",
          "org.apache.flink:flink-runtime",
          "org.apache.flink:flink-runtime-web",
          "org.apache.flink:flink-shaded-asm-9",
          "org.apache.flink:flink-shaded-guava",
          "org.apache.flink:flink-shaded-jackson",
          "org.apache.flink:flink-shaded-netty",
          "org.apache.flink:flink-shaded-zookeeper-3",
          "org.apache.flink:flink-statebackend-rocksdb",
          "org.apache.flink:flink-streaming-java",
          "com.ververica:frocksdbjni",
          "com.esotericsoftware:kryo",
          "com.esotericsoftware:minlog",
          "com.esotericsoftware:reflectasm",
          "org.objenesis:objenesis",
          "org.snakeyaml:snakeyaml-engine",
          "org.apache.commons:commons-compress",
          "org.apache.commons:commons-lang3",
          "org.apache.commons:commons-math3",
          "org.apache.commons:commons-text",
          "commons-cli:commons-cli",
          "commons-collections:commons-collections",
          "commons-io:commons-io",
          "org.javassist:javassist",
          "tools.profiler:async-profiler",
          "com.google.code.findbugs:jsr305",
          "at.yawk.lz4:lz4-java",
          "org.slf4j:slf4j-api",
          "org.apache.logging.log4j:log4j-api",
          "org.apache.logging.log4j:log4j-core",
          "org.apache.logging.log4j:log4j-slf4j-impl");

  private FlinkClasspath() {}

  /**
   * The cluster's class path, from this JVM's class path and its context class loader's (the {@code
   * course} command loads the course kit's jars in a class loader of its own).
   *
   * @throws IllegalStateException if a jar the cluster needs is not among them
   */
  public static List<Path> ofThisJvm() {
    return pick(entriesOfThisJvm());
  }

  /** The jars of {@link #ARTIFACTS} among {@code entries}, each artifact once, in their order. */
  static List<Path> pick(List<Path> entries) {
    List<Path> picked = new ArrayList<>();
    Set<String> found = new LinkedHashSet<>();
    for (Path entry : entries) {
      String artifact = artifactOf(entry);
      if (artifact != null && ARTIFACTS.contains(artifact) && found.add(artifact)) {
        picked.add(entry);
      }
    }
    for (String required :
        List.of(
            "org.apache.flink:flink-runtime",
            "org.apache.flink:flink-clients",
            "org.apache.flink:flink-runtime-web",
            "org.apache.flink:flink-statebackend-rocksdb",
            "org.apache.logging.log4j:log4j-core")) {
      if (!found.contains(required)) {
        throw new IllegalStateException(
            "The Flink cluster needs "
                + required
                + " on the class path, and this JVM does not have it. Build the course kit again:"
                + " ./mvnw -pl course-support compile");
      }
    }
    return picked;
  }

  /**
   * groupId:artifactId of a jar in a Maven repository's layout ({@code <group
   * path>/<artifact>/<version>/<artifact>-<version>[-classifier].jar}), or null.
   */
  static String artifactOf(Path jar) {
    Path file = jar.getFileName();
    Path versionDir = jar.getParent();
    Path artifactDir = versionDir == null ? null : versionDir.getParent();
    if (file == null
        || versionDir == null
        || artifactDir == null
        || !file.toString().endsWith(".jar")) {
      return null;
    }
    String artifact = artifactDir.getFileName().toString();
    String version = versionDir.getFileName().toString();
    if (!file.toString().startsWith(artifact + "-" + version)
        || file.toString().length() > (artifact + "-" + version + ".jar").length()) {
      // A classifier (tests, sources) or another layout: not a library the cluster runs on.
      return null;
    }
    for (String candidate : ARTIFACTS) {
      String group = candidate.substring(0, candidate.indexOf(':'));
      String name = candidate.substring(candidate.indexOf(':') + 1);
      if (name.equals(artifact) && endsWith(artifactDir.getParent(), group.split("\\."))) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean endsWith(Path dir, String[] segments) {
    Path at = dir;
    for (int i = segments.length - 1; i >= 0; i--) {
      if (at == null
          || at.getFileName() == null
          || !at.getFileName().toString().equals(segments[i])) {
        return false;
      }
      at = at.getParent();
    }
    return true;
  }

  private static List<Path> entriesOfThisJvm() {
    List<Path> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry));
      }
    }
    for (ClassLoader loader = Thread.currentThread().getContextClassLoader();
        loader != null;
        loader = loader.getParent()) {
      if (loader instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          try {
            if ("file".equals(url.getProtocol())) {
              entries.add(Path.of(url.toURI()));
            }
          } catch (URISyntaxException | IllegalArgumentException notAFile) {
            // Not a jar on disk: not for the cluster.
          }
        }
      }
    }
    return entries;
  }
}
