package dev.affinity.spi.attention;

import dev.affinity.spi.Api;

/**
 * The sizes the core asks an attention block for.
 *
 * @param dim the node feature width d, both in and out; divisible by {@code heads}
 * @param heads the number of attention heads H, at least 1
 * @param dropout the dropout rate applied to attention weights in training, in [0, 1)
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public record AttentionShape(int dim, int heads, float dropout) {

  public AttentionShape {
    if (heads < 1) {
      throw new IllegalArgumentException("heads must be at least 1, was " + heads);
    }
    if (dim < 1 || dim % heads != 0) {
      throw new IllegalArgumentException(
          "dim must be a positive multiple of heads (" + heads + "), was " + dim);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
    }
  }

  /** The width of one head, {@code dim / heads}. */
  public int headDim() {
    return dim / heads;
  }
}
