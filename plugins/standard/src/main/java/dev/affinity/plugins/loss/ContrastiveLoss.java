package dev.affinity.plugins.loss;

import ai.djl.ndarray.NDArray;
import dev.affinity.spi.loss.Loss;

/**
 * Contrastive loss (Hadsell, Chopra and LeCun 2006) as pytorch-metric-learning computes it, on Euclidean
 * distances over every pair of the batch: positive pairs cost {@code max(0, d - positiveMargin)}, negative
 * pairs {@code max(0, negativeMargin - d)}; each of the two is averaged over its pairs with a non-zero
 * cost, and the loss is their sum.
 */
@Loss(name = "contrastive", description = "pulls same-label pairs within a margin, pushes others beyond one")
public final class ContrastiveLoss extends ParameterFreeLoss {

  /**
   * @param positiveMargin distance below which positive pairs cost nothing, at least 0; default 0
   * @param negativeMargin distance beyond which negative pairs cost nothing, above positiveMargin; default 1
   */
  public record Settings(double positiveMargin, double negativeMargin) {
    public Settings {
      if (!(positiveMargin >= 0)) {
        throw new IllegalArgumentException("positive_margin must be at least 0, was " + positiveMargin);
      }
      if (!(negativeMargin > positiveMargin)) {
        throw new IllegalArgumentException("negative_margin must exceed positive_margin (" + positiveMargin
            + "), was " + negativeMargin);
      }
    }

    public Settings() {
      this(0, 1);
    }
  }

  private final Settings settings;

  public ContrastiveLoss(Settings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  protected NDArray loss(NDArray x, NDArray labels) {
    NDArray d = Pairs.euclidean(x);
    NDArray same = Pairs.sameLabel(labels);
    NDArray positive = Pairs.asFloat(same.logicalAnd(Pairs.notSelf(labels)), d);
    NDArray negative = Pairs.asFloat(same.logicalNot(), d);
    NDArray pull = d.sub(settings.positiveMargin()).maximum(0).mul(positive);
    NDArray push = d.neg().add(settings.negativeMargin()).maximum(0).mul(negative);
    return meanOfNonZero(pull).add(meanOfNonZero(push));
  }

  private static NDArray meanOfNonZero(NDArray costs) {
    return costs.sum().div(Pairs.asFloat(costs.gt(0), costs).sum().maximum(1));
  }
}
