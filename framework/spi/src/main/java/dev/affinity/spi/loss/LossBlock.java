package dev.affinity.spi.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.affinity.spi.Api;

/**
 * The block a {@link LossFunction} builds.
 *
 * <ul>
 *   <li>input 0: float (B, k), the head's logits or embeddings as {@link LossFunction#input()} says;
 *   <li>input 1: int32 (B), class indices 0 to C - 1;
 *   <li>output 0: float scalar (shape ()), the mean loss over the batch.
 * </ul>
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public abstract class LossBlock extends AbstractBlock {

  /** @param version the block's parameter format version, written into saved parameters */
  protected LossBlock(byte version) {
    super(version);
  }

  /**
   * Computes the loss.
   *
   * @param parameterStore where parameters live on the current device, never null
   * @param input float (B, k), never null
   * @param labels int32 (B), never null
   * @param training whether the loss is computed for a training step
   * @return a float scalar, never null
   */
  protected abstract NDArray loss(
      ParameterStore parameterStore, NDArray input, NDArray labels, boolean training);

  @Override
  protected final NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (inputs.size() != 2) {
      throw new IllegalArgumentException("a loss takes [input, labels], got " + inputs.size() + " arrays");
    }
    NDArray input = inputs.get(0);
    NDArray labels = inputs.get(1);
    if (input.getShape().dimension() != 2 || labels.getShape().dimension() != 1
        || input.getShape().get(0) != labels.getShape().get(0)) {
      throw new IllegalArgumentException(
          "a loss expects input (B, k) and labels (B), got " + input.getShape() + " and " + labels.getShape());
    }
    return new NDList(loss(parameterStore, input, labels, training));
  }

  @Override
  public final Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape()};
  }
}
