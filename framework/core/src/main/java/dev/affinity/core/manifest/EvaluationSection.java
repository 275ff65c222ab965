package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

import dev.affinity.core.evaluation.NearestNeighbours.Distance;
import java.util.List;

/**
 * Evaluation and model selection.
 *
 * @param metrics the metric plugins, in the order metrics.json lists their keys
 * @param distance Euclidean on L2-normalized embeddings (the community's default) or cosine
 * @param selectOn which split picks the best epoch: a validation split carved from the training classes
 *     (Affinity's default), or the test split (the released code's behaviour, marked in every report)
 * @param validationClasses the share of training classes held out for validation when selecting on it
 * @param batchSize images per forward pass when embedding for evaluation
 */
public record EvaluationSection(
    List<PluginRef> metrics, Distance distance, Selection selectOn, double validationClasses, int batchSize) {

  /** Which split picks the best epoch. */
  public enum Selection {
    VALIDATION,
    TEST
  }

  public EvaluationSection() {
    this(List.of(PluginRef.named("recall_at_k"), PluginRef.named("precision_at_1"), PluginRef.named("r_precision"),
            PluginRef.named("map_at_r"), PluginRef.named("nmi")),
        Distance.EUCLIDEAN, Selection.VALIDATION, 0.15, 128);
  }

  public EvaluationSection {
    metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
    requireNonNull(distance, "distance is null");
    requireNonNull(selectOn, "select_on is null");
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("metrics must name at least one metric");
    }
    if (!(validationClasses > 0 && validationClasses < 1)) {
      throw new IllegalArgumentException("validation_classes must be a share in (0, 1), was " + validationClasses);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch_size must be at least 1, was " + batchSize);
    }
  }
}
