package dev.affinity.plugins.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What the data set loaders share: checking a layout is there, reading whitespace-separated tables. */
final class Layouts {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private Layouts() {}

  /**
   * Fails, naming the first missing entry and every entry the layout expects, unless {@code root} and each
   * entry exist. An entry ending in {@code /} is a folder, any other a file.
   */
  static void require(String dataset, Path root, List<String> expected) throws IOException {
    String listing = listing(expected);
    if (!Files.isDirectory(root)) {
      throw new IOException(dataset + ": root folder " + root + " not found; the layout expects " + listing
          + " under it");
    }
    for (String entry : expected) {
      Path path = root.resolve(entry);
      boolean present = entry.endsWith("/") ? Files.isDirectory(path) : Files.isRegularFile(path);
      if (!present) {
        throw new IOException(dataset + ": " + path + " not found; the layout expects " + listing
            + " under the root folder " + root);
      }
    }
  }

  /** {@code a, b and c}. */
  private static String listing(List<String> entries) {
    if (entries.size() == 1) {
      return entries.get(0);
    }
    return String.join(", ", entries.subList(0, entries.size() - 1)) + " and " + entries.get(entries.size() - 1);
  }

  /**
   * The rows of a whitespace-separated text file after {@code skip} leading lines; blank lines are ignored.
   *
   * @throws IOException naming the file and line when a row has fewer than {@code columns} fields
   */
  static List<String[]> rows(Path file, int skip, int columns) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (number <= skip || line.isBlank()) {
          continue;
        }
        String[] fields = WHITESPACE.split(line.strip());
        if (fields.length < columns) {
          throw new IOException(file + " line " + number + ": expected " + columns + " fields, found "
              + fields.length + " in '" + line.strip() + "'");
        }
        rows.add(fields);
      }
    }
    return rows;
  }

  /** Parses a field that must be an integer, naming the file and what it is on failure. */
  static int integer(Path file, String field, String what) throws IOException {
    try {
      return Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": " + what + " '" + field + "' is not an integer", e);
    }
  }

  /**
   * Fails when a standard data set's layout does not have the standard classes, numbered 1 to {@code expected}.
   *
   * @param split how the standard split divides the classes, for the message
   */
  static void checkClasses(String dataset, String file, Set<Integer> found, int expected, String split)
      throws IOException {
    if (found.size() != expected) {
      throw new IOException(dataset + ": " + file + " has " + found.size() + " classes, the standard split expects "
          + expected + " (" + split + ")");
    }
    int min = Collections.min(found);
    int max = Collections.max(found);
    if (min != 1 || max != expected) {
      throw new IOException(dataset + ": " + file + " numbers its classes " + min + " to " + max
          + ", the standard split expects 1 to " + expected + " (" + split + ")");
    }
  }
}
