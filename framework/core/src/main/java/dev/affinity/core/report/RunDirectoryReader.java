package dev.affinity.core.report;


import static dev.affinity.core.io.RunFiles.EPOCHS_JSONL;
import static dev.affinity.core.io.RunFiles.METRICS_JSON;
import static dev.affinity.core.io.RunFiles.RUN_JSON;
import static dev.affinity.core.io.RunFiles.SWEEP_JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.core.report.RunRecord.EpochRecord;
import dev.affinity.core.report.RunRecord.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the run directory format: {@code sweep.json} above {@code <variant>/seed-<n>/}, each with
 * {@code run.json}.
 */
final class RunDirectoryReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunDirectoryReader() {}

  /** Reads a run or a sweep, whichever {@code directory} holds. */
  static Study read(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new ReportException(
          directory,
          "expected a run directory (with "
              + RUN_JSON
              + ") or a sweep directory (with "
              + SWEEP_JSON
              + "), but it is not a directory");
    }
    if (Files.isRegularFile(directory.resolve(RUN_JSON))) {
      RunRecord run = readRun(directory);
      return new Study(
          directory,
          run.variant() + " seed " + run.seed(),
          null,
          List.of(new Study.Variant(run.variant(), List.of(run), List.of())),
          true);
    }
    if (Files.isRegularFile(directory.resolve(SWEEP_JSON))) {
      return readSweep(directory);
    }
    throw new ReportException(
        directory,
        "expected a run directory (with "
            + RUN_JSON
            + ") or a sweep directory (with "
            + SWEEP_JSON
            + "), found neither file");
  }

  static Study readSweep(Path directory) {
    Path file = directory.resolve(SWEEP_JSON);
    JsonNode root = object(file, readJson(file));
    String name = text(file, root, "name", true);
    List<String> variants = new ArrayList<>();
    JsonNode variantsNode = root.get("variants");
    if (variantsNode == null || !variantsNode.isArray() || variantsNode.isEmpty()) {
      throw new ReportException(file, "expected \"variants\" to be a non-empty array of names");
    }
    for (JsonNode node : variantsNode) {
      if (!node.isTextual() || node.asText().isBlank()) {
        throw new ReportException(
            file, "expected \"variants\" to hold names (strings), found " + node);
      }
      variants.add(node.asText());
    }
    if (new LinkedHashSet<>(variants).size() != variants.size()) {
      throw new ReportException(file, "expected \"variants\" without duplicates, was " + variants);
    }
    String baseline = text(file, root, "baseline", false);
    if (baseline != null && !variants.contains(baseline)) {
      throw new ReportException(
          file,
          "expected \"baseline\" to be one of the variants "
              + variants
              + ", was \""
              + baseline
              + "\"");
    }
    List<Integer> seeds = new ArrayList<>();
    JsonNode seedsNode = root.get("seeds");
    if (seedsNode == null || !seedsNode.isArray()) {
      throw new ReportException(file, "expected \"seeds\" to be an array of integers");
    }
    for (JsonNode node : seedsNode) {
      if (!node.canConvertToInt() || !node.isIntegralNumber()) {
        throw new ReportException(file, "expected \"seeds\" to hold integers, found " + node);
      }
      seeds.add(node.asInt());
    }

    List<Study.Variant> read = new ArrayList<>();
    for (String variant : variants) {
      List<RunRecord> runs = new ArrayList<>();
      List<Integer> missing = new ArrayList<>();
      for (int seed : seeds) {
        Path runDirectory = directory.resolve(variant).resolve("seed-" + seed);
        if (Files.isRegularFile(runDirectory.resolve(RUN_JSON))) {
          runs.add(readRun(runDirectory));
        } else {
          missing.add(seed);
        }
      }
      read.add(new Study.Variant(variant, runs, missing));
    }
    return new Study(directory, name, baseline, read, false);
  }

  static RunRecord readRun(Path directory) {
    Path file = directory.resolve(RUN_JSON);
    JsonNode root = object(file, readJson(file));
    String variant = text(file, root, "variant", true);
    int seed = integer(file, root, "seed");
    String statusText = text(file, root, "status", true);
    Status status;
    try {
      status = Status.valueOf(statusText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ReportException(
          file,
          "expected \"status\" to be \"finished\", \"failed\" or \"running\", was \""
              + statusText
              + "\"");
    }
    String attention = text(file, root, "attention", false);
    String softmax = text(file, root, "softmax", false);
    String selection = text(file, root, "selection", false);
    if (selection != null && !selection.equals("validation") && !selection.equals("test")) {
      throw new ReportException(
          file,
          "expected \"selection\" to be \"validation\" or \"test\", was \"" + selection + "\"");
    }
    Integer bestEpoch = root.hasNonNull("best_epoch") ? integer(file, root, "best_epoch") : null;

    Path epochsFile = directory.resolve(EPOCHS_JSONL);
    List<EpochRecord> epochs = Files.isRegularFile(epochsFile) ? readEpochs(epochsFile) : List.of();
    Path metricsFile = directory.resolve(METRICS_JSON);
    Map<String, Double> metrics;
    if (Files.isRegularFile(metricsFile)) {
      metrics = numbers(metricsFile, object(metricsFile, readJson(metricsFile)), "");
    } else if (status == Status.FINISHED) {
      throw new ReportException(
          metricsFile,
          "expected the final metrics of a run whose "
              + RUN_JSON
              + " says \"finished\", but the file is missing");
    } else {
      metrics = Map.of();
    }
    return new RunRecord(
        directory, variant, seed, status, attention, softmax, selection, bestEpoch, epochs,
        metrics);
  }

  static List<EpochRecord> readEpochs(Path file) {
    List<String> lines = readLines(file);
    List<EpochRecord> epochs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String where = "line " + (i + 1) + ": ";
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new ReportException(
            file,
            where
                + "expected one JSON object per line, but it is not valid JSON ("
                + e.getOriginalMessage()
                + ")",
            e);
      }
      if (node == null || !node.isObject()) {
        throw new ReportException(file, where + "expected one JSON object per line, found " + node);
      }
      int epoch = integer(file, node, "epoch", where);
      double loss = node.hasNonNull("loss") ? number(file, node, "loss", where) : Double.NaN;
      Map<String, Double> validation = split(file, node, "validation", where);
      Map<String, Double> test = split(file, node, "test", where);
      epochs.add(new EpochRecord(epoch, loss, validation, test));
    }
    return epochs;
  }

  private static Map<String, Double> split(Path file, JsonNode line, String field, String where) {
    JsonNode node = line.get(field);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new ReportException(
          file, where + "expected \"" + field + "\" to be an object of metrics, found " + node);
    }
    return numbers(file, node, where + "\"" + field + "\": ");
  }

  /**
   * The numeric fields of an object, in file order; other fields (strings, nested objects) are
   * skipped.
   */
  private static Map<String, Double> numbers(Path file, JsonNode object, String where) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isNumber()) {
        values.put(entry.getKey(), entry.getValue().asDouble());
      } else if (!entry.getValue().isNull()
          && !entry.getValue().isContainerNode()
          && !entry.getValue().isTextual()) {
        throw new ReportException(
            file,
            where + "expected \"" + entry.getKey() + "\" to be a number, was " + entry.getValue());
      }
    }
    return values;
  }

  static JsonNode readJson(Path file) {
    String text = readString(file);
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ReportException(file, "expected JSON, but the file is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ReportException(
          file,
          "expected JSON, but it does not parse ("
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")",
          e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReportException(file, "expected a readable UTF-8 file (" + e + ")", e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReportException(file, "expected a readable UTF-8 file (" + e + ")", e);
    }
  }

  static JsonNode object(Path file, JsonNode node) {
    if (!node.isObject()) {
      throw new ReportException(
          file,
          "expected a JSON object, found " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return node;
  }

  private static String text(Path file, JsonNode object, String field, boolean required) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new ReportException(
            file, "expected a string field \"" + field + "\", but it is missing");
      }
      return null;
    }
    if (!node.isTextual()) {
      throw new ReportException(file, "expected \"" + field + "\" to be a string, was " + node);
    }
    return node.asText();
  }

  private static int integer(Path file, JsonNode object, String field) {
    return integer(file, object, field, "");
  }

  private static int integer(Path file, JsonNode object, String field, String where) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      throw new ReportException(
          file, where + "expected an integer field \"" + field + "\", but it is missing");
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new ReportException(
          file, where + "expected \"" + field + "\" to be an integer, was " + node);
    }
    return node.asInt();
  }

  private static double number(Path file, JsonNode object, String field, String where) {
    JsonNode node = object.get(field);
    if (!node.isNumber()) {
      throw new ReportException(
          file, where + "expected \"" + field + "\" to be a number, was " + node);
    }
    return node.asDouble();
  }
}
