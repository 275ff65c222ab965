package dev.affinity.plugins.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.UniformInitializer;
import dev.affinity.spi.backbone.Backbone;
import dev.affinity.spi.backbone.BackboneNetwork;
import java.util.List;

/**
 * A compact convolutional network for quick runs on small images (32 to 64 pixels): per stage a 3x3
 * convolution, batch norm, ReLU and 2x2 max pooling; then global average pooling and
 * {@code Linear(last width -> d)}. With the default widths {@code [16, 32, 64]} a 64x64 image costs about
 * 11 M multiply-adds forward.
 */
@Backbone(name = "small-cnn", description = "a few conv-BN-ReLU-pool stages and a linear layer, for quick runs")
public final class SmallCnnBackbone implements BackboneNetwork {

  /** @param channels the output width of each stage, in order, at least one, each at least 1 */
  public record Settings(List<Integer> channels) {
    public Settings {
      if (channels == null || channels.isEmpty()) {
        throw new IllegalArgumentException("channels must list at least one width, was " + channels);
      }
      for (Integer c : channels) {
        if (c == null || c < 1) {
          throw new IllegalArgumentException("channels must be at least 1 each, was " + channels);
        }
      }
      channels = List.copyOf(channels);
    }

    /** The defaults: three stages of 16, 32 and 64 channels. */
    public Settings() {
      this(List.of(16, 32, 64));
    }
  }

  private final Settings settings;

  public SmallCnnBackbone(Settings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings is null");
    }
    this.settings = settings;
  }

  @Override
  public Block build(int embeddingDim) {
    if (embeddingDim < 1) {
      throw new IllegalArgumentException("embedding dim must be at least 1, was " + embeddingDim);
    }
    SequentialBlock net = new SequentialBlock();
    for (int width : settings.channels()) {
      net.add(Conv2d.builder()
              .setKernelShape(new Shape(3, 3))
              .optPadding(new Shape(1, 1))
              .setFilters(width)
              .optBias(false)
              .build())
          .add(BatchNorm.builder().build())
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }
    int last = settings.channels().get(settings.channels().size() - 1);
    Linear embedding = Linear.builder().setUnits(embeddingDim).build();
    embedding.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(last))), p -> true);
    return net.add(Pool.globalAvgPool2dBlock()).add(embedding);
  }
}
