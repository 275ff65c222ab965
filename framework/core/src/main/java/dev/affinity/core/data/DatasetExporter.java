package dev.affinity.core.data;

import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Writes a data set's images, as loaded (no augmentation), into an image folder a person can browse:
 * {@code dir/<split>/<class>/<n>.png}, split one of {@code train}, {@code query}, {@code gallery} (only when
 * the data set has one), class the label zero-padded to the widest label, n counting from 0 per class in
 * the split's order. The result reads back with the {@code image-folder} data set.
 */
public final class DatasetExporter {

  private DatasetExporter() {}

  /**
   * @return how many images were written
   * @throws IOException when {@code dir} exists and is not empty, or an image cannot be read or written;
   *     the message names it
   */
  public static int export(DatasetSplits splits, Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(dir + " is not empty; export writes into a new or empty folder");
        }
      }
    }
    int width = Stream.of(splits.train(), splits.query(), splits.gallery()).flatMap(List::stream)
        .mapToInt(s -> String.valueOf(s.label()).length()).max().orElse(1);
    int written = write(splits.train(), dir.resolve("train"), width);
    written += write(splits.query(), dir.resolve("query"), width);
    if (splits.hasGallery()) {
      written += write(splits.gallery(), dir.resolve("gallery"), width);
    }
    return written;
  }

  private static int write(List<Sample> samples, Path dir, int width) throws IOException {
    Map<Integer, Integer> counts = new HashMap<>();
    for (Sample sample : samples) {
      Path folder = dir.resolve(String.format("%0" + width + "d", sample.label()));
      int n = counts.merge(sample.label(), 1, Integer::sum) - 1;
      if (n == 0) {
        Files.createDirectories(folder);
      }
      Path file = folder.resolve(n + ".png");
      if (!ImageIO.write(sample.image().read(), "png", file.toFile())) {
        throw new IOException("no PNG writer for the image " + sample.image().location());
      }
    }
    return samples.size();
  }
}
