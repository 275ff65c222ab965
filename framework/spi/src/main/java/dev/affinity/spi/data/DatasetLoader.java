package dev.affinity.spi.data;

import dev.affinity.spi.Api;
import java.io.IOException;

/**
 * Lists a data set's samples, split by class. It reads the layout (annotation files, folder names); the
 * pixels are read later, by the image pipeline, through each sample's {@link ImageSource}.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public interface DatasetLoader {

  /**
   * Reads the layout.
   *
   * @return the splits, never null; the same call gives the same order every time
   * @throws IOException when the layout is missing or malformed; the message names the file or folder and
   *     what the layout expects there
   */
  DatasetSplits load() throws IOException;
}
