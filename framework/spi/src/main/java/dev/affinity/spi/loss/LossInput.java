package dev.affinity.spi.loss;

import dev.affinity.spi.Api;

/**
 * What a loss reads from the head it is applied to.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public enum LossInput {
  /** The head's class scores, float (B, C), C the number of training classes. */
  LOGITS,
  /** The head's embeddings, float (B, d), L2-normalized. */
  EMBEDDINGS
}
