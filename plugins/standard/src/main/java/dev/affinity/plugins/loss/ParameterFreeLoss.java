package dev.affinity.plugins.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.affinity.spi.loss.LossBlock;
import dev.affinity.spi.loss.LossFunction;
import dev.affinity.spi.loss.LossInput;
import dev.affinity.spi.loss.LossShape;

/**
 * An embedding loss with no trainable parameters: it reads the head's L2-normalized embeddings, and its
 * block is only the computation, {@link #loss}.
 */
abstract class ParameterFreeLoss implements LossFunction {

  @Override
  public final LossInput input() {
    return LossInput.EMBEDDINGS;
  }

  @Override
  public final LossBlock build(LossShape shape) {
    return new LossBlock((byte) 1) {
      @Override
      protected NDArray loss(ParameterStore parameterStore, NDArray x, NDArray labels, boolean training) {
        return ParameterFreeLoss.this.loss(x, labels);
      }
    };
  }

  /**
   * The batch's loss.
   *
   * @param x float (B, d), L2-normalized embeddings
   * @param labels int32 (B)
   * @return a float scalar
   */
  protected abstract NDArray loss(NDArray x, NDArray labels);
}
