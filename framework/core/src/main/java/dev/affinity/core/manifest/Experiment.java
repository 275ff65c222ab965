package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated manifest file: its variants, each to run with every seed.
 *
 * @param file the manifest file
 * @param name the experiment's name
 * @param seeds the seeds every variant runs with, in order
 * @param baseline the variant that summaries compare the others to
 * @param variants the variants in the file's order
 */
public record Experiment(Path file, String name, List<Long> seeds, String baseline, List<RunPlan> variants) {

  public Experiment {
    requireNonNull(file, "file is null");
    requireNonNull(name, "name is null");
    seeds = List.copyOf(seeds);
    requireNonNull(baseline, "baseline is null");
    variants = List.copyOf(variants);
  }

  /** The variant of that name. */
  public Optional<RunPlan> variant(String variantName) {
    return variants.stream().filter(v -> v.variant().equals(variantName)).findFirst();
  }
}
