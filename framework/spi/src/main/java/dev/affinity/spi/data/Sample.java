package dev.affinity.spi.data;

import dev.affinity.spi.Api;
import java.util.Objects;

/**
 * One labelled image.
 *
 * @param label the class as the data set numbers it (CUB: 1 to 200); samples of one class share it
 * @param image where the pixels come from, never null
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public record Sample(int label, ImageSource image) {

  public Sample {
    Objects.requireNonNull(image, "image is null");
  }
}
