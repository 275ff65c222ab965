package dev.affinity.plugins.data;

import dev.affinity.spi.data.Dataset;
import dev.affinity.spi.data.DatasetLoader;
import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A generated data set that needs no download: the quickstart's default. Every class is a random prototype
 * of two or three coloured parts (ellipses, polygons, stars, rings, strokes) and a background hue; every
 * image renders its class's prototype with a random affine transform (shift, rotation, shear, scale),
 * jittered parts, stroke points and colours, a random background brightness, zero to two parts of random
 * clutter and pixel noise. Images are rendered on demand with Java2D, deterministically from (seed, class, index), so
 * the same settings give the same pixels on every call and every thread.
 *
 * <p>Classes are numbered 1 to {@code classes}; the first half ({@code classes / 2}) train and the rest
 * evaluate, query against query. Samples are ordered by class, then by index.
 *
 * <p>The defaults (200 classes x 20 images of 32 px) give 2,000 training images, small enough for a small
 * CNN to train in seconds on a CPU.
 */
@Dataset(name = "synthetic-shapes", description = "generated shapes: 200 classes of 20 images, no download")
public final class SyntheticShapes implements DatasetLoader {

  static final String NAME = "synthetic-shapes";

  /**
   * @param classes how many classes, at least 4: the first half train, the second evaluate
   * @param imagesPerClass images per class, at least 2 (retrieval needs a second image of a class)
   * @param imageSize width and height in pixels, 8 to 1024
   * @param seed the data set's own seed: it fixes every prototype and image, independent of the run's seed
   */
  public record Settings(int classes, int imagesPerClass, int imageSize, long seed) {
    public Settings {
      if (classes < 4) {
        throw new IllegalArgumentException("classes must be at least 4, was " + classes);
      }
      if (imagesPerClass < 2) {
        throw new IllegalArgumentException("images_per_class must be at least 2, was " + imagesPerClass);
      }
      if (imageSize < 8 || imageSize > 1024) {
        throw new IllegalArgumentException("image_size must be between 8 and 1024, was " + imageSize);
      }
    }

    public Settings() {
      this(200, 20, 32, 0);
    }
  }

  private final Settings settings;

  public SyntheticShapes(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public DatasetSplits load() {
    List<Sample> train = new ArrayList<>();
    List<Sample> test = new ArrayList<>();
    for (int label = 1; label <= settings.classes(); label++) {
      ShapePrototype prototype = ShapePrototype.of(settings.seed(), label);
      for (int index = 0; index < settings.imagesPerClass(); index++) {
        Sample sample = new Sample(label,
            new ShapeImage(prototype, settings.seed(), label, index, settings.imageSize()));
        (label <= settings.classes() / 2 ? train : test).add(sample);
      }
    }
    return new DatasetSplits(train, test, List.of());
  }
}
