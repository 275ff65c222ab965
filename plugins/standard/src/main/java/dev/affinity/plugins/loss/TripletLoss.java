package dev.affinity.plugins.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.affinity.spi.loss.Loss;
import java.util.Objects;

/**
 * Triplet margin loss {@code max(0, d(a, p) - d(a, n) + margin)} on Euclidean distances within the batch.
 *
 * <ul>
 *   <li>{@link Mining#BATCH_HARD} (Hermans, Beyer and Leibe 2017): one triplet per anchor, its farthest
 *       positive and nearest negative; the mean over anchors that have both.
 *   <li>{@link Mining#SEMI_HARD} (Schroff et al. 2015, as TensorFlow Addons computes it): one triplet per
 *       positive pair (a, p), the nearest negative farther than p, or the farthest negative when none is;
 *       the mean over positive pairs whose anchor has a negative.
 * </ul>
 */
@Loss(name = "triplet", description = "triplet margin loss with batch-hard or semi-hard mining")
public final class TripletLoss extends ParameterFreeLoss {

  /** Which triplets a batch yields. */
  public enum Mining { BATCH_HARD, SEMI_HARD }

  /**
   * @param margin the margin, at least 0; default 0.2 (FaceNet's)
   * @param mining batch-hard by default
   */
  public record Settings(double margin, Mining mining) {
    public Settings {
      if (!(margin >= 0)) {
        throw new IllegalArgumentException("margin must be at least 0, was " + margin);
      }
      Objects.requireNonNull(mining, "mining is null");
    }

    public Settings() {
      this(0.2, Mining.BATCH_HARD);
    }
  }

  private final Settings settings;

  public TripletLoss(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  protected NDArray loss(NDArray x, NDArray labels) {
    NDArray d = Pairs.euclidean(x);
    NDArray same = Pairs.sameLabel(labels);
    NDArray positive = same.logicalAnd(Pairs.notSelf(labels));
    NDArray negative = same.logicalNot();
    NDArray hasNegative = Pairs.anyInRow(negative);
    return settings.mining() == Mining.BATCH_HARD
        ? batchHard(d, positive, negative, hasNegative)
        : semiHard(d, positive, negative, hasNegative);
  }

  private NDArray batchHard(NDArray d, NDArray positive, NDArray negative, NDArray hasNegative) {
    NDArray hardestPositive = NDArrays.where(positive, d, Pairs.constant(d, 0)).max(new int[] {1});
    NDArray hardestNegative = NDArrays.where(negative, d, Pairs.constant(d, Pairs.FAR)).min(new int[] {1});
    NDArray valid = Pairs.asFloat(Pairs.anyInRow(positive).logicalAnd(hasNegative), d);
    NDArray perAnchor = hardestPositive.sub(hardestNegative).add(settings.margin()).maximum(0);
    return perAnchor.mul(valid).sum().div(valid.sum().maximum(1));
  }

  private NDArray semiHard(NDArray d, NDArray positive, NDArray negative, NDArray hasNegative) {
    NDArray toNegative = d.expandDims(1); // (a, 1, n)
    NDArray semiHard = negative.expandDims(1).logicalAnd(toNegative.gt(d.expandDims(2))); // (a, p, n)
    NDArray nearestOutside =
        NDArrays.where(semiHard, toNegative.broadcast(semiHard.getShape()), Pairs.constant(d, Pairs.FAR))
            .min(new int[] {2});
    NDArray farthest = NDArrays.where(negative, d, Pairs.constant(d, 0)).max(new int[] {1}, true);
    NDArray hasSemiHard = semiHard.toType(d.getDataType(), false).sum(new int[] {2}).gt(0);
    NDArray chosen = NDArrays.where(hasSemiHard, nearestOutside, farthest.broadcast(d.getShape()));
    NDArray pairs = Pairs.asFloat(positive.logicalAnd(hasNegative.expandDims(1)), d);
    NDArray perPair = d.sub(chosen).add(settings.margin()).maximum(0);
    return perPair.mul(pairs).sum().div(pairs.sum().maximum(1));
  }
}
