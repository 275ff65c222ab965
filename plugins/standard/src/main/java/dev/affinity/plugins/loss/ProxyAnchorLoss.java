package dev.affinity.plugins.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import dev.affinity.spi.loss.Loss;
import dev.affinity.spi.loss.LossBlock;
import dev.affinity.spi.loss.LossFunction;
import dev.affinity.spi.loss.LossInput;
import dev.affinity.spi.loss.LossShape;

/**
 * Proxy-Anchor loss (Kim et al. 2020), as the authors' code computes it. One trainable proxy per class,
 * a parameter {@code proxies} of shape (C, d), initialized normal with standard deviation sqrt(2 / C)
 * (Kaiming, fan-out, as the authors'). With {@code s(x, p)} the cosine similarity,
 *
 * <pre>
 * L = 1/|P+| sum_{p in P+} log(1 + sum_{x of class p} exp(-alpha (s(x, p) - delta)))
 *   + 1/|P|  sum_{p in P}  log(1 + sum_{x not of class p} exp(alpha (s(x, p) + delta)))
 * </pre>
 *
 * where P holds all C proxies and P+ those with a sample of their class in the batch.
 */
@Loss(name = "proxy-anchor", description = "Proxy-Anchor loss with one trainable proxy per class")
public final class ProxyAnchorLoss implements LossFunction {

  /**
   * @param alpha the scale, above 0; default 32
   * @param delta the margin, at least 0; default 0.1
   */
  public record Settings(double alpha, double delta) {
    public Settings {
      if (!(alpha > 0)) {
        throw new IllegalArgumentException("alpha must be above 0, was " + alpha);
      }
      if (!(delta >= 0)) {
        throw new IllegalArgumentException("delta must be at least 0, was " + delta);
      }
    }

    public Settings() {
      this(32, 0.1);
    }
  }

  private final Settings settings;

  public ProxyAnchorLoss(Settings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public LossInput input() {
    return LossInput.EMBEDDINGS;
  }

  @Override
  public LossBlock build(LossShape shape) {
    return new Block(settings, shape);
  }

  private static final class Block extends LossBlock {
    private final Settings s;
    private final int classes;
    private final Parameter proxies;

    Block(Settings settings, LossShape shape) {
      super((byte) 1);
      this.s = settings;
      this.classes = shape.classes();
      this.proxies = addParameter(Parameter.builder()
          .setName("proxies")
          .setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(shape.classes(), shape.inputDim()))
          .optInitializer(new NormalInitializer((float) Math.sqrt(2.0 / shape.classes())))
          .build());
    }

    @Override
    protected NDArray loss(ParameterStore parameterStore, NDArray x, NDArray labels, boolean training) {
      NDArray p = parameterStore.getValue(proxies, x.getDevice(), training);
      NDArray xn = x.div(x.norm(new int[] {1}, true).maximum(1e-12));
      NDArray pn = p.div(p.norm(new int[] {1}, true).maximum(1e-12));
      NDArray cos = xn.matMul(pn.transpose()); // (B, C)
      NDArray own = labels.toType(DataType.INT64, false).oneHot(classes).toType(cos.getDataType(), false);
      NDArray other = own.neg().add(1);
      NDArray pull = cos.sub(s.delta()).mul(-s.alpha()).exp().mul(own).sum(new int[] {0}).add(1).log();
      NDArray push = cos.add(s.delta()).mul(s.alpha()).exp().mul(other).sum(new int[] {0}).add(1).log();
      NDArray withPositives = own.sum(new int[] {0}).gt(0).toType(cos.getDataType(), false).sum();
      return pull.sum().div(withPositives.maximum(1)).add(push.sum().div(classes));
    }
  }
}
