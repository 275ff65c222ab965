package dev.affinity.spi.attention;

import dev.affinity.spi.Api;

/**
 * The message aggregation step of one message passing layer.
 *
 * <p>The core's message passing block owns everything around it (input projection, dropout, residual,
 * LayerNorm, feed-forward), so every attention variant is compared inside the same block. An implementation
 * only builds one {@link AttentionBlock} per layer; the block turns node features into aggregated messages.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public interface Attention {

  /**
   * Builds the attention of one layer. Called once per layer; the blocks must not share parameters.
   *
   * @param shape the feature width, head count and attention dropout chosen by the manifest, never null
   * @return a new, uninitialized block, never null
   */
  AttentionBlock build(AttentionShape shape);
}
