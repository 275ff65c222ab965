package dev.affinity.core.report;

import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A sweep, or a single run seen as a sweep of one variant and one seed.
 *
 * @param directory the directory reported on; never null
 * @param name the sweep's name, or the run's variant and seed; never null
 * @param baseline the variant the others are compared with, or null (a single run)
 * @param variants in {@code sweep.json} order; never null
 * @param singleRun whether {@code directory} is one run rather than a sweep
 */
record Study(
    Path directory, String name, String baseline, List<Variant> variants, boolean singleRun) {

  Study {
    requireNonNull(directory, "directory is null");
    requireNonNull(name, "name is null");
    variants = List.copyOf(variants);
  }

  /**
   * One variant's runs.
   *
   * @param name the variant's name; never null
   * @param runs the runs found, in seed order, whatever their status; never null
   * @param missingSeeds seeds listed in {@code sweep.json} without a run directory; never null
   */
  record Variant(String name, List<RunRecord> runs, List<Integer> missingSeeds) {
    Variant {
      requireNonNull(name, "name is null");
      runs = List.copyOf(runs);
      missingSeeds = List.copyOf(missingSeeds);
    }

    List<RunRecord> finished() {
      return runs.stream().filter(RunRecord::finished).toList();
    }

    /**
     * The run whose embeddings and attention the report draws: the finished run with the lowest
     * seed.
     */
    java.util.Optional<RunRecord> representative() {
      return finished().stream().min(java.util.Comparator.comparingInt(RunRecord::seed));
    }
  }
}
