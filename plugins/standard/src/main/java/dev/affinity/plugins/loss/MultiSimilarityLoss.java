package dev.affinity.plugins.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.affinity.spi.loss.Loss;

/**
 * Multi-similarity loss with its pair mining (Wang et al. 2019), on cosine similarities {@code S = X X^T}
 * of the (L2-normalized) embeddings, as the authors' code computes it.
 *
 * <p>For anchor i, a positive j is kept when {@code S_ij - epsilon < max_k S_ik} over its negatives k, a
 * negative k when {@code S_ik + epsilon > min_j S_ij} over its positives j. Then
 * {@code L_i = (1/alpha) log(1 + sum_kept_pos exp(-alpha (S_ij - base)))
 * + (1/beta) log(1 + sum_kept_neg exp(beta (S_ik - base)))}; an anchor with no kept positive or no kept
 * negative contributes 0, and the loss is the sum over anchors divided by the batch size.
 */
@Loss(name = "multi-similarity", description = "multi-similarity loss with its hard-pair mining")
public final class MultiSimilarityLoss extends ParameterFreeLoss {

  /**
   * @param alpha scale of positive pairs, above 0; default 2
   * @param beta scale of negative pairs, above 0; default 50
   * @param base the similarity margin lambda; default 0.5
   * @param epsilon the mining margin, at least 0; default 0.1
   */
  public record Settings(double alpha, double beta, double base, double epsilon) {
    public Settings {
      if (!(alpha > 0)) {
        throw new IllegalArgumentException("alpha must be above 0, was " + alpha);
      }
      if (!(beta > 0)) {
        throw new IllegalArgumentException("beta must be above 0, was " + beta);
      }
      if (!Double.isFinite(base)) {
        throw new IllegalArgumentException("base must be a finite number, was " + base);
      }
      if (!(epsilon >= 0)) {
        throw new IllegalArgumentException("epsilon must be at least 0, was " + epsilon);
      }
    }

    public Settings() {
      this(2, 50, 0.5, 0.1);
    }
  }

  private final Settings settings;

  public MultiSimilarityLoss(Settings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  protected NDArray loss(NDArray x, NDArray labels) {
    NDArray sim = x.matMul(x.transpose());
    NDArray same = Pairs.sameLabel(labels);
    NDArray positive = same.logicalAnd(Pairs.notSelf(labels));
    NDArray negative = same.logicalNot();
    NDArray hardestPositive =
        NDArrays.where(positive, sim, Pairs.constant(sim, Pairs.FAR)).min(new int[] {1}, true);
    NDArray hardestNegative =
        NDArrays.where(negative, sim, Pairs.constant(sim, -Pairs.FAR)).max(new int[] {1}, true);
    NDArray keptPositive = positive.logicalAnd(sim.sub(settings.epsilon()).lt(hardestNegative));
    NDArray keptNegative = negative.logicalAnd(sim.add(settings.epsilon()).gt(hardestPositive));
    NDArray pull = sim.sub(settings.base()).mul(-settings.alpha()).exp().mul(Pairs.asFloat(keptPositive, sim))
        .sum(new int[] {1}).add(1).log().div(settings.alpha());
    NDArray push = sim.sub(settings.base()).mul(settings.beta()).exp().mul(Pairs.asFloat(keptNegative, sim))
        .sum(new int[] {1}).add(1).log().div(settings.beta());
    NDArray valid = Pairs.asFloat(Pairs.anyInRow(keptPositive).logicalAnd(Pairs.anyInRow(keptNegative)), sim);
    return pull.add(push).mul(valid).sum().div(x.getShape().get(0));
  }
}
