package dev.affinity.core.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.affinity.core.evaluation.EmbeddingFiles.Embeddings;
import dev.affinity.spi.metric.RetrievalMetric;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embeddings and labels read from files, checked, ready to evaluate: what {@code affinity evaluate}
 * runs.
 *
 * <pre>{@code
 * Map<String, Double> scores = Evaluation.of(Path.of("emb.npy"), Path.of("labels.txt")).evaluate(metrics);
 * }</pre>
 *
 * <p>Every problem with the files is an {@link EvaluationException} whose message names the file.
 */
public final class Evaluation {

  private final Embeddings embeddings;
  private final int[] labels;

  private Evaluation(Embeddings embeddings, int[] labels) {
    this.embeddings = embeddings;
    this.labels = labels;
  }

  /**
   * Reads and checks the files (see {@link EmbeddingFiles} for the formats).
   *
   * @throws EvaluationException when a file is unreadable or malformed, the label count differs from the
   *     row count, or there are fewer than two classes
   */
  public static Evaluation of(Path embeddingsFile, Path labelsFile) {
    Objects.requireNonNull(embeddingsFile, "embeddingsFile is null");
    Objects.requireNonNull(labelsFile, "labelsFile is null");
    Embeddings embeddings = EmbeddingFiles.readEmbeddings(embeddingsFile);
    int[] labels = EmbeddingFiles.readLabels(labelsFile);
    if (labels.length != embeddings.rows()) {
      throw new EvaluationException(labelsFile + " has " + labels.length + " labels but "
          + embeddingsFile + " has " + embeddings.rows() + " rows");
    }
    int classes = Arrays.stream(labels).max().orElse(-1) + 1;
    if (classes < 2) {
      throw new EvaluationException(
          labelsFile + " has " + classes + " class" + (classes == 1 ? "" : "es") + "; at least two are needed");
    }
    return new Evaluation(embeddings, labels);
  }

  /** The number of items. */
  public int rows() {
    return embeddings.rows();
  }

  /** The number of distinct labels. */
  public int classes() {
    return Arrays.stream(labels).max().orElse(-1) + 1;
  }

  /** Evaluates on the engine's default device, with the {@link Evaluator}'s defaults and seed 0. */
  public Map<String, Double> evaluate(List<? extends RetrievalMetric> metrics) {
    return evaluate(Evaluator.builder().metrics(metrics).build(), null);
  }

  /**
   * Evaluates with a configured evaluator.
   *
   * @param evaluator never null
   * @param device where to compute; null for the engine's default
   */
  public Map<String, Double> evaluate(Evaluator evaluator, Device device) {
    try (NDManager manager = NDManager.newBaseManager(device)) {
      NDArray x = manager.create(embeddings.values(), new Shape(embeddings.rows(), embeddings.dim()));
      return evaluator.evaluate(x, labels);
    }
  }
}
