package dev.affinity.core.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the report reads from one run directory.
 *
 * @param directory the run directory; never null
 * @param variant the variant's name as in {@code run.json}; never null
 * @param seed the run's seed
 * @param status whether the run finished; never null
 * @param attention the attention plugin's name, or null for a run without attention
 * @param softmax {@code "plain"} or {@code "extra-zero-logit"}, or null where the run has no
 *     attention
 * @param selection the split the best epoch was chosen on ({@code "validation"} or {@code "test"}),
 *     or null
 * @param bestEpoch the chosen epoch, or null when not recorded
 * @param epochs the lines of {@code epochs.jsonl} in file order, empty when the file is absent;
 *     never null
 * @param metrics {@code metrics.json}, in file order, empty when the file is absent; never null
 */
record RunRecord(
    Path directory,
    String variant,
    int seed,
    Status status,
    String attention,
    String softmax,
    String selection,
    Integer bestEpoch,
    List<EpochRecord> epochs,
    Map<String, Double> metrics) {

  enum Status {
    FINISHED,
    FAILED,
    RUNNING;

    String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  RunRecord {
    requireNonNull(directory, "directory is null");
    requireNonNull(variant, "variant is null");
    requireNonNull(status, "status is null");
    epochs = List.copyOf(epochs);
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  boolean finished() {
    return status == Status.FINISHED;
  }

  boolean selectedOnTest() {
    return "test".equals(selection);
  }

  Optional<Path> file(String name) {
    Path file = directory.resolve(name);
    return java.nio.file.Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * One line of {@code epochs.jsonl}.
   *
   * @param epoch the epoch, counted from 1
   * @param loss the mean training loss, NaN when absent
   * @param validation the validation metrics of this epoch, empty when not evaluated; never null
   * @param test the test metrics of this epoch, empty when not evaluated; never null
   */
  record EpochRecord(
      int epoch, double loss, Map<String, Double> validation, Map<String, Double> test) {
    EpochRecord {
      validation = Map.copyOf(validation);
      test = Map.copyOf(test);
    }
  }
}
