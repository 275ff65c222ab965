package dev.affinity.spi.loss;

import dev.affinity.spi.Api;

/**
 * The sizes a loss is built for.
 *
 * @param inputDim the width of what the loss reads: C for {@link LossInput#LOGITS}, d for
 *     {@link LossInput#EMBEDDINGS}
 * @param classes C, the number of training classes; labels are 0 to C - 1
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public record LossShape(int inputDim, int classes) {

  public LossShape {
    if (inputDim < 1) {
      throw new IllegalArgumentException("inputDim must be at least 1, was " + inputDim);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, was " + classes);
    }
  }
}
