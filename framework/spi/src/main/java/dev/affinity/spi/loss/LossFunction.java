package dev.affinity.spi.loss;

import dev.affinity.spi.Api;

/**
 * A training objective applied to one head. The manifest says which head and with what weight; the core
 * sums the weighted losses.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public interface LossFunction {

  /** What this loss reads from its head. */
  LossInput input();

  /**
   * Builds the loss. A loss with trainable parameters (proxies, say) declares them in its block; the
   * optimizer updates them with the model.
   *
   * @param shape the sizes, never null
   * @return a new, uninitialized block, never null
   */
  LossBlock build(LossShape shape);
}
