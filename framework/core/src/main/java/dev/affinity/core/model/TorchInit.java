package dev.affinity.core.model;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.UniformInitializer;

/** PyTorch's default initializations, so that a layer starts as it would in the paper's code. */
final class TorchInit {

  private TorchInit() {}

  /** {@code nn.Linear(in, out)}: weight and bias uniform in {@code +-1/sqrt(in)}. */
  static Linear linear(int in, int out, boolean bias) {
    Linear linear = Linear.builder().setUnits(out).optBias(bias).build();
    linear.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(in))), p -> true);
    return linear;
  }

  /** Marks a block's parameters as frozen by name, before it is initialized. */
  static void freeze(Block block, String parameterName) {
    block.getParameters().get(parameterName).freeze(true);
  }
}
