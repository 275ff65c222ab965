package dev.affinity.spi.backbone;

import ai.djl.nn.Block;
import dev.affinity.spi.Api;
import java.io.IOException;

/**
 * Turns images into embeddings.
 *
 * <p>The block it builds takes one float array of images, shape (B, 3, S, S), normalized by the image
 * pipeline, and returns one float array of embeddings, shape (B, d), not normalized: the core L2-normalizes
 * where a stage needs it (message passing input, evaluation) and the backbone head reads the raw embedding.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public interface BackboneNetwork {

  /**
   * Builds a new, uninitialized backbone.
   *
   * @param embeddingDim d, the width of the embedding, at least 1
   * @return the block, never null
   */
  Block build(int embeddingDim);

  /**
   * Loads pretrained weights into a block this plugin built, after the core initialized it. The default
   * loads nothing; a plugin whose settings name a weights file reads it here.
   *
   * @param block the initialized block returned by {@link #build}, never null
   * @throws IOException when the weights cannot be read or do not fit; the message names the file and the
   *     first parameter that does not fit
   */
  default void loadPretrained(Block block) throws IOException {}
}
