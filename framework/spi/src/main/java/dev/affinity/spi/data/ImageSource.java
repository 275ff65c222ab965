package dev.affinity.spi.data;

import dev.affinity.spi.Api;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * Where one image comes from: a file, or a generator that renders it.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public interface ImageSource {

  /**
   * Decodes or renders the image. Safe to call from several threads at once, and deterministic: two calls
   * give equal pixels.
   *
   * @return the image, never null
   * @throws IOException when the image is missing or cannot be decoded; the message names {@link #location()}
   */
  BufferedImage read() throws IOException;

  /** Where the image is, for messages and exports: a path, or a generator's name and index. */
  String location();
}
