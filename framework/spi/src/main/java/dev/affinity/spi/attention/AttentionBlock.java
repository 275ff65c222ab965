package dev.affinity.spi.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.affinity.spi.Api;
import java.util.Objects;

/**
 * The block an {@link Attention} plugin builds: node features in, aggregated messages and attention weights
 * out.
 *
 * <p>Shapes, with N nodes (the mini-batch), d features and H heads:
 *
 * <ul>
 *   <li>input 0: {@code x}, float (N, d), the node features;
 *   <li>input 1, optional: {@code mask}, boolean (N, N); {@code mask[i][j]} is true when target i may
 *       receive from source j. Absent means the complete graph with self-loops, the paper's graph;
 *   <li>output 0: the messages, float (N, d), row i aggregated for target i;
 *   <li>output 1: the attention weights, float (H, N, N), row {@code [h][i]} sums to 1 over the allowed
 *       sources (or to less, for a softmax with an extra zero logit) and is 0 where the mask forbids.
 * </ul>
 *
 * <p>Subclasses implement {@link #attend}; {@link #forwardInternal} checks the inputs and is final so that
 * every attention honours the same contract. {@link #softmaxOverSources} and {@link #dropWeights} are the
 * shared pieces most variants need.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public abstract class AttentionBlock extends AbstractBlock {

  /** A large negative logit for forbidden edges: exp of it is 0 in float32, and it stays finite. */
  private static final float FORBIDDEN = -1e9f;

  private final AttentionShape shape;

  /**
   * @param shape the sizes this block serves, never null
   * @param version the block's parameter format version, written into saved parameters
   */
  protected AttentionBlock(AttentionShape shape, byte version) {
    super(version);
    this.shape = Objects.requireNonNull(shape, "shape is null");
  }

  /** The sizes this block serves. */
  public final AttentionShape shape() {
    return shape;
  }

  /**
   * Aggregates messages for every target node.
   *
   * @param parameterStore where parameters live on the current device, never null
   * @param x node features, float (N, d), never null
   * @param mask boolean (N, N), true where target i may receive from source j; null for the complete graph
   * @param training whether dropout applies
   * @return the messages (N, d) and the weights (H, N, N), never null
   */
  protected abstract NDList attend(
      ParameterStore parameterStore, NDArray x, NDArray mask, boolean training);

  @Override
  protected final NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (inputs.isEmpty() || inputs.size() > 2) {
      throw new IllegalArgumentException(
          "attention takes [x] or [x, mask], got " + inputs.size() + " arrays");
    }
    NDArray x = inputs.get(0);
    Shape xs = x.getShape();
    if (xs.dimension() != 2 || xs.get(1) != shape.dim()) {
      throw new IllegalArgumentException(
          "attention expects x of shape (N, " + shape.dim() + "), got " + xs);
    }
    NDArray mask = inputs.size() == 2 ? inputs.get(1) : null;
    if (mask != null) {
      Shape expected = new Shape(xs.get(0), xs.get(0));
      if (!mask.getShape().equals(expected) || mask.getDataType() != DataType.BOOLEAN) {
        throw new IllegalArgumentException(
            "attention expects a boolean mask of shape " + expected + ", got "
                + mask.getDataType() + " " + mask.getShape());
      }
    }
    NDList out = attend(parameterStore, x, mask, training);
    if (out.size() != 2) {
      throw new IllegalStateException(
          getClass().getName() + ".attend must return [messages, weights], returned " + out.size());
    }
    return out;
  }

  @Override
  public final Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[0].get(0);
    return new Shape[] {new Shape(n, shape.dim()), new Shape(shape.heads(), n, n)};
  }

  /** Children see only the node features' shape, not the mask's. */
  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : getChildren().values()) {
      child.initialize(manager, dataType, inputShapes[0]);
    }
  }

  /**
   * Softmax over sources (the last axis) with forbidden edges at zero weight.
   *
   * @param logits float (H, N, N): {@code [h][i][j]} scores source j for target i
   * @param mask boolean (N, N) or null for the complete graph
   * @param extraZeroLogit when true, the denominator has an extra {@code exp(0)}, as in the paper's released
   *     code: {@code exp(l_ij) / (1 + sum_j exp(l_ij))}, so a target may attend to "nothing"
   * @return weights of the same shape as {@code logits}
   */
  protected static NDArray softmaxOverSources(NDArray logits, NDArray mask, boolean extraZeroLogit) {
    NDArray scores = logits;
    if (mask != null) {
      NDArray forbidden = logits.getManager().full(new Shape(1), FORBIDDEN, logits.getDataType());
      // DJL's PyTorch where() does not broadcast the condition: expand it to (H, N, N) first.
      scores = NDArrays.where(mask.expandDims(0).broadcast(logits.getShape()), logits, forbidden);
    }
    if (!extraZeroLogit) {
      return scores.softmax(-1);
    }
    // exp(l - m) / (exp(-m) + sum exp(l - m)) with m = max(0, max_j l): stable and equal to the formula.
    NDArray m = scores.max(new int[] {-1}, true).maximum(0f);
    NDArray e = scores.sub(m).exp();
    return e.div(e.sum(new int[] {-1}, true).add(m.neg().exp()));
  }

  /** Dropout on attention weights in training; the identity otherwise. */
  protected final NDArray dropWeights(NDArray weights, boolean training) {
    if (!training || shape.dropout() == 0f) {
      return weights;
    }
    return Dropout.dropout(weights, shape.dropout(), true).singletonOrThrow();
  }
}
