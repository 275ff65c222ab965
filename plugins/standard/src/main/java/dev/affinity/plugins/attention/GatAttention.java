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
 * Graph attention (GAT, Velickovic et al. 2018) over the mini-batch graph.
 *
 * <p>Per head h, with {@code z = x W_h^T} (N, w): {@code e_ij = LeakyReLU_0.2(a_h^T [z_i || z_j])}, which
 * is {@code LeakyReLU(a_target_h . z_i + a_source_h . z_j)}; the weights are the softmax of each target row
 * i over the sources j (after dropout in training); messages {@code m_i = sum_j alpha_ij z_j}, heads
 * concatenated ({@code w = d / H}) or averaged ({@code w = d}). No bias, no output projection: the core's
 * block adds the residual and normalization.
 *
 * <p>Parameters: {@code weight} (H w, d), Xavier-uniform; {@code attention_target} and
 * {@code attention_source} (H, w), uniform in {@code +-sqrt(6 / (H + 2 w))} (Glorot over a^T's fan, as
 * PyTorch Geometric): {@code d^2 + 2 d} numbers with concat, {@code H d^2 + 2 H d} with mean.
 */
@AttentionMechanism(name = "gat", description = "graph attention (GAT): LeakyReLU of a^T [W h_i || W h_j]")
public final class GatAttention implements Attention {

  /** @param headsMerge how heads combine, never null; default {@link HeadsMerge#CONCAT} */
  public record Settings(HeadsMerge headsMerge) {
    public Settings {
      if (headsMerge == null) {
        throw new IllegalArgumentException("heads_merge must be concat or mean, was null");
      }
    }

    /** The defaults: heads concatenated. */
    public Settings() {
      this(HeadsMerge.CONCAT);
    }
  }

  static final float NEGATIVE_SLOPE = 0.2f;

  private final Settings settings;

  public GatAttention(Settings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings is null");
    }
    this.settings = settings;
  }

  @Override
  public AttentionBlock build(AttentionShape shape) {
    return new GatBlock(shape, settings.headsMerge());
  }

  /** The block; parameters as the class javadoc names them. */
  static final class GatBlock extends AttentionBlock {

    private final HeadsMerge merge;
    private final Parameter weight;
    private final Parameter attentionTarget;
    private final Parameter attentionSource;

    GatBlock(AttentionShape shape, HeadsMerge merge) {
      super(shape, (byte) 1);
      this.merge = merge;
      int heads = shape.heads();
      int width = headWidth(shape, merge);
      weight = addParameter(Weights.of("weight", Parameter.Type.WEIGHT,
          new Shape((long) heads * width, shape.dim()), new XavierInitializer()));
      UniformInitializer glorot = new UniformInitializer((float) Math.sqrt(6.0 / (heads + 2.0 * width)));
      attentionTarget = addParameter(Weights.of("attention_target", Parameter.Type.WEIGHT,
          new Shape(heads, width), glorot));
      attentionSource = addParameter(Weights.of("attention_source", Parameter.Type.WEIGHT,
          new Shape(heads, width), glorot));
    }

    @Override
    protected NDList attend(ParameterStore store, NDArray x, NDArray mask, boolean training) {
      NDArray w = Weights.value(store, weight, x, training);
      NDArray z = Weights.splitHeads(Linear.linear(x, w).singletonOrThrow(), shape().heads()); // (H, N, w)
      NDArray target = z.matMul(Weights.value(store, attentionTarget, x, training).expandDims(2)); // (H, N, 1)
      NDArray source = z.matMul(Weights.value(store, attentionSource, x, training).expandDims(2))
          .transpose(0, 2, 1); // (H, 1, N)
      NDArray logits = Activation.leakyRelu(target.add(source), NEGATIVE_SLOPE);
      NDArray weights = softmaxOverSources(logits, mask, false);
      NDArray messages = dropWeights(weights, training).matMul(z);
      return new NDList(merge(messages, merge), weights);
    }
  }

  static int headWidth(AttentionShape shape, HeadsMerge merge) {
    return merge == HeadsMerge.CONCAT ? shape.headDim() : shape.dim();
  }

  /** (H, N, w) -> (N, d). */
  static NDArray merge(NDArray messages, HeadsMerge merge) {
    return merge == HeadsMerge.CONCAT ? Weights.concatHeads(messages) : messages.mean(new int[] {0});
  }
}
