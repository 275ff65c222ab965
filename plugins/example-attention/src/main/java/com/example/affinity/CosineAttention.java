package com.example.affinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.attention.AttentionBlock;
import dev.affinity.spi.attention.AttentionMechanism;
import dev.affinity.spi.attention.AttentionShape;

/**
 * Cosine-similarity attention with a learned temperature, as a third party would add it: one class, built
 * against affinity-spi alone, dropped into a plugins folder as a jar.
 *
 * <p>Per head h: {@code w_ij = softmax_j(t * cos(q_i, k_j))} with {@code t = exp(log_t)} learned (one per
 * head), then {@code m_i = sum_j w_ij v_j}; heads concatenated, then an output projection. Cosine scores lie
 * in [-1, 1], so the temperature alone sets how peaked the weights get.
 */
@AttentionMechanism(name = "cosine", description = "cosine-similarity attention with a learned temperature (example plugin)")
public final class CosineAttention implements Attention {

  /**
   * @param initialTemperature t at the start of training
   */
  public record Settings(double initialTemperature) {
    public Settings() {
      this(10.0);
    }

    public Settings {
      if (!(initialTemperature > 0)) {
        throw new IllegalArgumentException("initial_temperature must be greater than 0, was " + initialTemperature);
      }
    }
  }

  private final Settings settings;

  public CosineAttention(Settings settings) {
    this.settings = settings;
  }

  @Override
  public AttentionBlock build(AttentionShape shape) {
    return new Block(shape, (float) Math.log(settings.initialTemperature()));
  }

  private static final class Block extends AttentionBlock {
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear out;
    private final Parameter logTemperature;

    Block(AttentionShape shape, float logTemperature) {
      super(shape, (byte) 1);
      int d = shape.dim();
      query = addChildBlock("query", Linear.builder().setUnits(d).build());
      key = addChildBlock("key", Linear.builder().setUnits(d).build());
      value = addChildBlock("value", Linear.builder().setUnits(d).build());
      out = addChildBlock("out", Linear.builder().setUnits(d).build());
      this.logTemperature = addParameter(Parameter.builder()
          .setName("log_temperature")
          .setType(Parameter.Type.OTHER)
          .optShape(new Shape(shape.heads(), 1, 1))
          .optInitializer(new ConstantInitializer(logTemperature))
          .build());
    }

    @Override
    protected NDList attend(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
      long n = x.getShape().get(0);
      int h = shape().heads();
      int dh = shape().headDim();
      // (N, d) -> (H, N, d/H), each head's rows unit length.
      NDArray q = heads(query.forward(ps, new NDList(x), training).singletonOrThrow(), n, h, dh);
      NDArray k = heads(key.forward(ps, new NDList(x), training).singletonOrThrow(), n, h, dh);
      NDArray v = heads(value.forward(ps, new NDList(x), training).singletonOrThrow(), n, h, dh);
      NDArray cosine = unit(q).matMul(unit(k).transpose(0, 2, 1));
      NDArray t = ps.getValue(logTemperature, x.getDevice(), training).exp();
      NDArray weights = softmaxOverSources(cosine.mul(t), mask, false);
      NDArray messages = dropWeights(weights, training).matMul(v).transpose(1, 0, 2).reshape(n, shape().dim());
      return new NDList(out.forward(ps, new NDList(messages), training).singletonOrThrow(), weights);
    }

    private static NDArray heads(NDArray a, long n, int h, int dh) {
      return a.reshape(n, h, dh).transpose(1, 0, 2);
    }

    private static NDArray unit(NDArray a) {
      return a.div(a.norm(new int[] {-1}, true).maximum(1e-12f));
    }
  }
}
