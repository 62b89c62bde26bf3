package dev.flinktuning.support.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps each Chinese README ({@code README.zh-CN.md}) in step with its English twin ({@code
 * README.md}), and the instructor guide ({@code INSTRUCTORS.zh-CN.md}) with {@code INSTRUCTORS.md}:
 * a translation that drifts from the English is worse than none. For every pair it checks that
 *
 * <ul>
 *   <li>each file links to the other near its top;
 *   <li>the sections are the same: same headings, levels and order, and every Chinese heading
 *       carries the English heading's anchor ({@code <a id="..."></a>} on the line above), so a
 *       link to a section works in both languages;
 *   <li>the code blocks are the same, line for line, except whole-line comments, which are
 *       translated;
 *   <li>the tables are the same, with the same numbers in each row;
 *   <li>every relative link, in both files, reaches an existing file and section.
 * </ul>
 *
 * <p>Run it on the course's folder: {@code java
 * course-support/src/main/java/dev/flinktuning/support/docs/ReadmeTwins.java .} (no build needed).
 * CONTRIBUTING says how to change a lesson in both languages.
 */
public final class ReadmeTwins {

  public static final String ENGLISH = "README.md";
  public static final String CHINESE = "README.zh-CN.md";

  /** Every pair of files kept in step: English name, then its Chinese twin's. */
  static final List<List<String>> PAIRS =
      List.of(List.of(ENGLISH, CHINESE), List.of("INSTRUCTORS.md", "INSTRUCTORS.zh-CN.md"));

  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern ANCHOR = Pattern.compile("^<a (?:id|name)=\"([^\"]+)\"></a>$");
  private static final Pattern ANY_ANCHOR = Pattern.compile("<a (?:id|name)=\"([^\"]+)\"");
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
  private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\|?[\\s:|-]+\\|?$");

  private ReadmeTwins() {}

  /** Checks every pair under {@code args[0]} (default: this folder); exits 1 on a difference. */
  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    List<String> problems = check(root);
    problems.forEach(System.out::println);
    List<String> missing = missingTwins(root);
    if (!missing.isEmpty()) {
      System.out.println("Not translated yet (no Chinese twin): " + String.join(", ", missing));
    }
    if (problems.isEmpty()) {
      System.out.println("The Chinese READMEs agree with the English ones.");
    }
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /**
   * Every difference between a Chinese README under {@code root} and its English twin, and every
   * broken link in any README.
   */
  public static List<String> check(Path root) {
    List<String> problems = new ArrayList<>();
    for (List<String> pair : PAIRS) {
      for (Path chinese : twins(root, pair.get(1))) {
        Path english = chinese.resolveSibling(pair.get(0));
        String name = root.relativize(chinese).toString();
        if (!Files.exists(english)) {
          problems.add(name + ": there is no " + pair.get(0) + " beside it");
          continue;
        }
        problems.addAll(
            compare(root.relativize(english).toString(), read(english), name, read(chinese)));
      }
      for (String fileName : pair) {
        for (Path readme : twins(root, fileName)) {
          problems.addAll(brokenLinks(root.relativize(readme).toString(), read(readme), readme));
        }
      }
    }
    return problems;
  }

  /**
   * The course's READMEs (the root's and each chapter's) and the root's instructor guide that have
   * no Chinese twin yet.
   */
  public static List<String> missingTwins(Path root) {
    List<String> missing = new ArrayList<>();
    for (Path english : twins(root, ENGLISH)) {
      Path folder = english.getParent();
      boolean isLesson =
          folder.equals(root) || folder.getFileName().toString().startsWith("module-");
      if (isLesson && !Files.exists(english.resolveSibling(CHINESE))) {
        missing.add(root.relativize(english).toString());
      }
    }
    for (List<String> pair : PAIRS.subList(1, PAIRS.size())) {
      if (Files.exists(root.resolve(pair.get(0))) && !Files.exists(root.resolve(pair.get(1)))) {
        missing.add(pair.get(0));
      }
    }
    return missing;
  }

  /**
   * The differences between an English file and its Chinese twin (links aside); each must link to
   * the other by its file name ({@code README.zh-CN.md}, {@code INSTRUCTORS.md}, ...).
   */
  static List<String> compare(
      String englishName, String english, String chineseName, String chinese) {
    Document en = Document.parse(english);
    Document zh = Document.parse(chinese);
    List<String> problems = new ArrayList<>();
    String englishFile = Path.of(englishName).getFileName().toString();
    String chineseFile = Path.of(chineseName).getFileName().toString();
    if (!en.text.contains("](" + chineseFile + ")")) {
      problems.add(englishName + ": no link to " + chineseFile + " under its title");
    }
    if (!zh.text.contains("](" + englishFile + ")")) {
      problems.add(chineseName + ": no link to " + englishFile + " under its title");
    }
    compareSections(en, zh, chineseName, problems);
    compareCode(en, zh, chineseName, problems);
    compareTables(en, zh, chineseName, problems);
    return problems;
  }

  private static void compareSections(
      Document en, Document zh, String chineseName, List<String> problems) {
    List<String> slugs = en.slugs();
    for (int i = 0; i < Math.max(en.headings.size(), zh.headings.size()); i++) {
      if (i >= zh.headings.size()) {
        problems.add(
            chineseName + ": section \"" + en.headings.get(i).text + "\" is missing (and after)");
        return;
      }
      Heading z = zh.headings.get(i);
      if (i >= en.headings.size()) {
        problems.add(
            chineseName + ": section \"" + z.text + "\" (line " + z.line + ") is not in English");
        return;
      }
      Heading e = en.headings.get(i);
      String where = chineseName + ", section \"" + e.text + "\" (line " + z.line + ")";
      if (e.level != z.level) {
        problems.add(where + ": heading level " + z.level + ", the English one is " + e.level);
      }
      if (!slugs.get(i).equals(z.anchor)) {
        problems.add(
            where
                + ": the line above the heading must be <a id=\""
                + slugs.get(i)
                + "\"></a>"
                + (z.anchor == null ? "" : ", not <a id=\"" + z.anchor + "\">"));
        return; // the sections no longer line up; later messages would only repeat this one
      }
    }
  }

  private static void compareCode(
      Document en, Document zh, String chineseName, List<String> problems) {
    if (en.code.size() != zh.code.size()) {
      problems.add(
          chineseName
              + ": "
              + zh.code.size()
              + " code blocks, the English file has "
              + en.code.size());
    }
    for (int i = 0; i < Math.min(en.code.size(), zh.code.size()); i++) {
      Block e = en.code.get(i);
      Block z = zh.code.get(i);
      List<String> eLines = withoutComments(e.lines);
      List<String> zLines = withoutComments(z.lines);
      for (int l = 0; l < Math.max(eLines.size(), zLines.size()); l++) {
        String el = l < eLines.size() ? eLines.get(l) : "(nothing)";
        String zl = l < zLines.size() ? zLines.get(l) : "(nothing)";
        if (!el.equals(zl)) {
          problems.add(
              String.format(
                  Locale.ROOT,
                  "%s, section \"%s\": code block %d (line %d) differs:%n    English: %s%n"
                      + "    Chinese: %s",
                  chineseName,
                  e.section,
                  i + 1,
                  z.line,
                  el,
                  zl));
          break;
        }
      }
    }
  }

  private static void compareTables(
      Document en, Document zh, String chineseName, List<String> problems) {
    if (en.tables.size() != zh.tables.size()) {
      problems.add(
          chineseName
              + ": "
              + zh.tables.size()
              + " tables, the English file has "
              + en.tables.size());
    }
    for (int i = 0; i < Math.min(en.tables.size(), zh.tables.size()); i++) {
      Block e = en.tables.get(i);
      Block z = zh.tables.get(i);
      String where =
          String.format(Locale.ROOT, "%s, section \"%s\": table %d", chineseName, e.section, i + 1);
      if (e.lines.size() != z.lines.size()) {
        problems.add(where + " has " + z.lines.size() + " rows, the English one " + e.lines.size());
        continue;
      }
      for (int r = 0; r < e.lines.size(); r++) {
        List<String> eNumbers = numbers(e.lines.get(r));
        List<String> zNumbers = numbers(z.lines.get(r));
        if (!eNumbers.equals(zNumbers)) {
          problems.add(
              String.format(
                  Locale.ROOT,
                  "%s, row %d (line %d): numbers %s, the English row has %s",
                  where,
                  r + 1,
                  z.line + r,
                  zNumbers,
                  eNumbers));
        }
      }
    }
  }

  /** Links in {@code text} (a file at {@code path}) that reach no file or no section. */
  static List<String> brokenLinks(String name, String text, Path path) {
    List<String> problems = new ArrayList<>();
    Document doc = Document.parse(text);
    Map<Path, Set<String>> anchorsByFile = new HashMap<>();
    for (int i = 0; i < doc.prose.size(); i++) {
      Matcher link = LINK.matcher(INLINE_CODE.matcher(doc.prose.get(i)).replaceAll(""));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
          continue; // http:, https:, mailto:
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? path : path.resolveSibling(file).normalize();
        if (!Files.exists(resolved)) {
          problems.add(name + ", line " + doc.proseLines.get(i) + ": link to a missing " + target);
        } else if (anchor != null && resolved.toString().endsWith(".md")) {
          Set<String> anchors =
              anchorsByFile.computeIfAbsent(resolved, p -> Document.parse(read(p)).anchors());
          if (!anchors.contains(anchor)) {
            problems.add(
                name + ", line " + doc.proseLines.get(i) + ": link to a missing section " + target);
          }
        }
      }
    }
    return problems;
  }

  /**
   * The Chinese twin's heading for a section of an English README: finds the English heading named
   * {@code section} (the whole heading, else the first that starts with it), takes its GitHub
   * anchor, and returns the heading under the {@code <a id="...">} with that anchor in the Chinese
   * twin. Empty when a file, the section or its anchor is missing: the caller keeps the English.
   *
   * @param englishReadme a {@code README.md} with a {@code README.zh-CN.md} beside it
   * @param section the English heading, or its beginning ("Exercise 3: Async I/O")
   */
  public static Optional<String> chineseHeading(Path englishReadme, String section) {
    Path chinese = englishReadme.resolveSibling(CHINESE);
    if (!Files.isRegularFile(englishReadme) || !Files.isRegularFile(chinese)) {
      return Optional.empty();
    }
    Document en = Document.parse(read(englishReadme));
    List<String> slugs = en.slugs();
    String anchor = null;
    for (int i = 0; i < en.headings.size() && anchor == null; i++) {
      if (en.headings.get(i).text.equals(section)) {
        anchor = slugs.get(i);
      }
    }
    for (int i = 0; i < en.headings.size() && anchor == null; i++) {
      if (en.headings.get(i).text.startsWith(section)) {
        anchor = slugs.get(i);
      }
    }
    if (anchor == null) {
      return Optional.empty();
    }
    for (Heading heading : Document.parse(read(chinese)).headings) {
      if (anchor.equals(heading.anchor)) {
        return Optional.of(heading.text);
      }
    }
    return Optional.empty();
  }

  /** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces made hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
    text = text.replaceAll("(\\*\\*|\\*)", "").toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{N}\\p{M}\\p{Pc} -]", "").replace(' ', '-');
  }

  private static List<String> withoutComments(List<String> lines) {
    return lines.stream()
        .filter(
            line -> {
              String t = line.strip();
              return !(t.startsWith("#") || t.startsWith("//") || t.startsWith("REM "));
            })
        .toList();
  }

  private static List<String> numbers(String row) {
    List<String> found = new ArrayList<>();
    Matcher m = NUMBER.matcher(row);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  private static List<Path> twins(Path root, String fileName) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().equals(fileName))
          .filter(p -> !isBuildOutput(root.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isBuildOutput(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals("target") || name.startsWith(".") || name.equals("node_modules")) {
        return true;
      }
    }
    return false;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private record Heading(int level, String text, String anchor, int line) {}

  /** Lines that belong together: a code block or a table, and the section it is in. */
  private record Block(List<String> lines, String section, int line) {}

  /** A Markdown file, cut into what the comparison needs. */
  private static final class Document {
    final String text;
    final List<Heading> headings = new ArrayList<>();
    final List<Block> code = new ArrayList<>();
    final List<Block> tables = new ArrayList<>();
    final Set<String> explicitAnchors = new LinkedHashSet<>();
    final List<String> prose = new ArrayList<>();
    final List<Integer> proseLines = new ArrayList<>();

    private Document(String text) {
      this.text = text;
    }

    static Document parse(String text) {
      Document doc = new Document(text);
      String[] lines = text.split("\n", -1);
      String section = "(top)";
      List<String> block = null;
      List<String> table = null;
      int blockStart = 0;
      int tableStart = 0;
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].stripTrailing();
        if (block != null) {
          if (FENCE.matcher(line).find()) {
            doc.code.add(new Block(block, section, blockStart));
            block = null;
          } else {
            block.add(line);
          }
          continue;
        }
        if (line.strip().startsWith("|")) {
          if (table == null) {
            table = new ArrayList<>();
            tableStart = i + 1;
          }
          if (!TABLE_SEPARATOR.matcher(line.strip()).matches()) {
            table.add(line);
          }
          doc.prose.add(line);
          doc.proseLines.add(i + 1);
          continue;
        }
        if (table != null) {
          doc.tables.add(new Block(table, section, tableStart));
          table = null;
        }
        if (FENCE.matcher(line).find()) {
          block = new ArrayList<>();
          blockStart = i + 1;
          continue;
        }
        Matcher anchor = ANY_ANCHOR.matcher(line);
        while (anchor.find()) {
          doc.explicitAnchors.add(anchor.group(1));
        }
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
          Matcher above = i > 0 ? ANCHOR.matcher(lines[i - 1].strip()) : null;
          String id = above != null && above.matches() ? above.group(1) : null;
          section = heading.group(2);
          doc.headings.add(new Heading(heading.group(1).length(), section, id, i + 1));
        }
        doc.prose.add(line);
        doc.proseLines.add(i + 1);
      }
      if (table != null) {
        doc.tables.add(new Block(table, section, tableStart));
      }
      return doc;
    }

    /** GitHub's anchors for the headings, a repeated one numbered as GitHub numbers it. */
    List<String> slugs() {
      List<String> slugs = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (Heading h : headings) {
        String base = slug(h.text);
        int n = seen.merge(base, 1, Integer::sum) - 1;
        slugs.add(n == 0 ? base : base + "-" + n);
      }
      return slugs;
    }

    /** Every anchor a link may name: the headings' own and the explicit ones. */
    Set<String> anchors() {
      Set<String> all = new LinkedHashSet<>(slugs());
      all.addAll(explicitAnchors);
      return all;
    }
  }
}
