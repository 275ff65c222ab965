package dev.affinity.plugins.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.attention.AttentionBlock;
import dev.affinity.spi.attention.AttentionMechanism;
import dev.affinity.spi.attention.AttentionShape;
import java.util.Locale;

/**
 * The paper's multi-head scaled dot-product attention.
 *
 * <p>With {@code x} (N, d) and H heads of width {@code w = d / H}: {@code q = x Wq^T + bq}, likewise k and
 * v (each d -> d); per head h, {@code logits[h][i][j] = q_h[i] . k_h[j] / sqrt(w)}; the weights are the
 * softmax of each target row i over the sources j; the messages are {@code concat_h(weights_h v_h) Wo^T +
 * bo}. Parameters: {@code query_weight}, {@code key_weight}, {@code value_weight}, {@code out_weight} (d, d)
 * with Xavier-uniform init, and the matching {@code *_bias} (d), zero: {@code 4 d (d + 1)} numbers.
 */
@AttentionMechanism(name = "dot-product", description = "multi-head scaled dot-product attention, as in the paper")
public final class DotProductAttention implements Attention {

  /** The softmax over sources. Manifests write {@code plain} or {@code extra-zero-logit}. */
  public enum Softmax {
    /** {@code exp(l_ij) / sum_j exp(l_ij)}: each row sums to 1. */
    PLAIN,
    /** {@code exp(l_ij) / (1 + sum_j exp(l_ij))}, the paper's released code: rows sum to less than 1. */
    EXTRA_ZERO_LOGIT;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * @param softmax how weights are normalized over sources, never null; default {@link Softmax#PLAIN}
   */
  public record Settings(Softmax softmax) {
    public Settings {
      if (softmax == null) {
        throw new IllegalArgumentException("softmax must be plain or extra-zero-logit, was null");
      }
    }

    /** The defaults: plain softmax. */
    public Settings() {
      this(Softmax.PLAIN);
    }
  }

  private final Settings settings;

  public DotProductAttention(Settings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings is null");
    }
    this.settings = settings;
  }

  @Override
  public AttentionBlock build(AttentionShape shape) {
    return new DotProductBlock(shape, settings.softmax() == Softmax.EXTRA_ZERO_LOGIT);
  }

  /** The block; parameters as the class javadoc names them. */
  static final class DotProductBlock extends AttentionBlock {

    private final boolean extraZeroLogit;
    private final float scale;
    private final Parameter queryWeight;
    private final Parameter queryBias;
    private final Parameter keyWeight;
    private final Parameter keyBias;
    private final Parameter valueWeight;
    private final Parameter valueBias;
    private final Parameter outWeight;
    private final Parameter outBias;

    DotProductBlock(AttentionShape shape, boolean extraZeroLogit) {
      super(shape, (byte) 1);
      this.extraZeroLogit = extraZeroLogit;
      this.scale = (float) (1.0 / Math.sqrt(shape.headDim()));
      int d = shape.dim();
      Shape square = new Shape(d, d);
      Shape vector = new Shape(d);
      Initializer xavier = new XavierInitializer();
      queryWeight = addParameter(Weights.of("query_weight", Parameter.Type.WEIGHT, square, xavier));
      queryBias = addParameter(Weights.of("query_bias", Parameter.Type.BIAS, vector, Initializer.ZEROS));
      keyWeight = addParameter(Weights.of("key_weight", Parameter.Type.WEIGHT, square, xavier));
      keyBias = addParameter(Weights.of("key_bias", Parameter.Type.BIAS, vector, Initializer.ZEROS));
      valueWeight = addParameter(Weights.of("value_weight", Parameter.Type.WEIGHT, square, xavier));
      valueBias = addParameter(Weights.of("value_bias", Parameter.Type.BIAS, vector, Initializer.ZEROS));
      outWeight = addParameter(Weights.of("out_weight", Parameter.Type.WEIGHT, square, xavier));
      outBias = addParameter(Weights.of("out_bias", Parameter.Type.BIAS, vector, Initializer.ZEROS));
    }

    @Override
    protected NDList attend(ParameterStore store, NDArray x, NDArray mask, boolean training) {
      int heads = shape().heads();
      NDArray q = Weights.splitHeads(project(store, x, queryWeight, queryBias, training), heads);
      NDArray k = Weights.splitHeads(project(store, x, keyWeight, keyBias, training), heads);
      NDArray v = Weights.splitHeads(project(store, x, valueWeight, valueBias, training), heads);
      NDArray logits = q.matMul(k.transpose(0, 2, 1)).mul(scale);
      NDArray weights = softmaxOverSources(logits, mask, extraZeroLogit);
      NDArray messages = Weights.concatHeads(dropWeights(weights, training).matMul(v));
      NDArray out = project(store, messages, outWeight, outBias, training);
      return new NDList(out, weights);
    }

    private static NDArray project(
        ParameterStore store, NDArray x, Parameter weight, Parameter bias, boolean training) {
      return Linear.linear(
              x, Weights.value(store, weight, x, training), Weights.value(store, bias, x, training))
          .singletonOrThrow();
    }
  }
}
