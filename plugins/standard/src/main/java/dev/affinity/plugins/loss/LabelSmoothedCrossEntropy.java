package dev.affinity.plugins.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.affinity.spi.loss.Loss;
import dev.affinity.spi.loss.LossBlock;
import dev.affinity.spi.loss.LossFunction;
import dev.affinity.spi.loss.LossInput;
import dev.affinity.spi.loss.LossShape;

/**
 * Cross-entropy with label smoothing on temperature-scaled logits, the paper's loss on both heads.
 *
 * <p>With C classes, {@code p = log_softmax(logits / T)} and target distribution
 * {@code q = (1 - eps) onehot(y) + eps / C}: {@code loss = mean_b(-sum_c q_c p_c)}. This is PyTorch's
 * {@code CrossEntropyLoss(label_smoothing=eps)} applied to {@code logits / T}, and the released code's
 * {@code CrossEntropyLabelSmooth}.
 */
@Loss(name = "label-smoothed-ce", description = "cross-entropy with label smoothing on logits / temperature")
public final class LabelSmoothedCrossEntropy implements LossFunction {

  /**
   * @param epsilon the smoothing mass spread over all classes, in [0, 1); default 0.1
   * @param temperature T, the logits are divided by it, greater than 0; default 1
   */
  public record Settings(double epsilon, double temperature) {
    public Settings {
      if (!(epsilon >= 0 && epsilon < 1)) {
        throw new IllegalArgumentException("epsilon must be in [0, 1), was " + epsilon);
      }
      if (!(temperature > 0) || Double.isInfinite(temperature)) {
        throw new IllegalArgumentException("temperature must be a positive number, was " + temperature);
      }
    }

    /** The defaults: epsilon 0.1, temperature 1. */
    public Settings() {
      this(0.1, 1.0);
    }
  }

  private final Settings settings;

  public LabelSmoothedCrossEntropy(Settings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings is null");
    }
    this.settings = settings;
  }

  @Override
  public LossInput input() {
    return LossInput.LOGITS;
  }

  @Override
  public LossBlock build(LossShape shape) {
    return new SmoothedBlock(shape.classes(), (float) settings.epsilon(), (float) settings.temperature());
  }

  private static final class SmoothedBlock extends LossBlock {

    private final int classes;
    private final float epsilon;
    private final float temperature;

    SmoothedBlock(int classes, float epsilon, float temperature) {
      super((byte) 1);
      this.classes = classes;
      this.epsilon = epsilon;
      this.temperature = temperature;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray input, NDArray labels, boolean training) {
      if (input.getShape().get(1) != classes) {
        throw new IllegalArgumentException(
            "label-smoothed-ce was built for " + classes + " classes, got logits " + input.getShape());
      }
      NDArray logProbabilities = input.div(temperature).logSoftmax(1);
      NDArray target = labels.oneHot(classes).mul(1 - epsilon).add(epsilon / classes);
      return logProbabilities.mul(target).sum(new int[] {1}).mean().neg();
    }
  }
}
