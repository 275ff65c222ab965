package dev.affinity.plugins.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.attention.AttentionBlock;
import dev.affinity.spi.attention.AttentionMechanism;
import dev.affinity.spi.attention.AttentionShape;

/**
 * GATv2 (Brody et al. 2022): the attention scores are a dynamic function of both ends.
 *
 * <p>Per head h: {@code e_ij = a_h . LeakyReLU_0.2(W_l,h x_j + W_r,h x_i)}; the weights are the softmax
 * of each target row i over the sources j (after dropout in training); messages
 * {@code m_i = sum_j alpha_ij W_l,h x_j}, heads concatenated ({@code w = d / H}) or averaged ({@code w = d}).
 *
 * <p>Parameters: {@code source_weight} (W_l) and, unless {@code share_weights}, {@code target_weight} (W_r),
 * each (H w, d), Xavier-uniform; {@code attention} (H, w), uniform in {@code +-sqrt(6 / (H + w))}. With
 * concat: {@code 2 d^2 + d} numbers, or {@code d^2 + d} with shared weights.
 */
@AttentionMechanism(name = "gatv2", description = "GATv2: a^T LeakyReLU(W_l h_j + W_r h_i), dynamic attention")
public final class GatV2Attention implements Attention {

  /**
   * @param shareWeights whether W_l = W_r (one matrix); default false
   * @param headsMerge how heads combine, never null; default {@link HeadsMerge#CONCAT}
   */
  public record Settings(boolean shareWeights, HeadsMerge headsMerge) {
    public Settings {
      if (headsMerge == null) {
        throw new IllegalArgumentException("heads_merge must be concat or mean, was null");
      }
    }

    /** The defaults: separate W_l and W_r, heads concatenated. */
    public Settings() {
      this(false, HeadsMerge.CONCAT);
    }
  }

  private final Settings settings;

  public GatV2Attention(Settings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings is null");
    }
    this.settings = settings;
  }

  @Override
  public AttentionBlock build(AttentionShape shape) {
    return new GatV2Block(shape, settings.shareWeights(), settings.headsMerge());
  }

  /** The block; parameters as the class javadoc names them. */
  static final class GatV2Block extends AttentionBlock {

    private final HeadsMerge merge;
    private final Parameter sourceWeight;
    private final Parameter targetWeight; // null when shared
    private final Parameter attention;

    GatV2Block(AttentionShape shape, boolean shareWeights, HeadsMerge merge) {
      super(shape, (byte) 1);
      this.merge = merge;
      int heads = shape.heads();
      int width = GatAttention.headWidth(shape, merge);
      Shape projection = new Shape((long) heads * width, shape.dim());
      sourceWeight = addParameter(
          Weights.of("source_weight", Parameter.Type.WEIGHT, projection, new XavierInitializer()));
      targetWeight = shareWeights ? null : addParameter(
          Weights.of("target_weight", Parameter.Type.WEIGHT, projection, new XavierInitializer()));
      attention = addParameter(Weights.of("attention", Parameter.Type.WEIGHT, new Shape(heads, width),
          new UniformInitializer((float) Math.sqrt(6.0 / (heads + width)))));
    }

    @Override
    protected NDList attend(ParameterStore store, NDArray x, NDArray mask, boolean training) {
      int heads = shape().heads();
      NDArray source = Weights.splitHeads(
          Linear.linear(x, Weights.value(store, sourceWeight, x, training)).singletonOrThrow(), heads);
      NDArray target = targetWeight == null ? source : Weights.splitHeads(
          Linear.linear(x, Weights.value(store, targetWeight, x, training)).singletonOrThrow(), heads);
      // (H, N, 1, w) + (H, 1, N, w): [h][i][j] = W_r x_i + W_l x_j
      NDArray pairs = Activation.leakyRelu(
          target.expandDims(2).add(source.expandDims(1)), GatAttention.NEGATIVE_SLOPE);
      NDArray a = Weights.value(store, attention, x, training);
      NDArray logits = pairs.matMul(a.reshape(heads, 1, a.getShape().get(1), 1)).squeeze(3); // (H, N, N)
      NDArray weights = softmaxOverSources(logits, mask, false);
      NDArray messages = dropWeights(weights, training).matMul(source);
      return new NDList(GatAttention.merge(messages, merge), weights);
    }
  }
}
