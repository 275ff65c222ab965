package dev.affinity.plugins.data;

import dev.affinity.spi.data.Dataset;
import dev.affinity.spi.data.DatasetLoader;
import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Caltech-UCSD Birds-200-2011 in its official layout:
 *
 * <pre>
 * root/CUB_200_2011/images.txt               "image_id relative/path.jpg" per line
 * root/CUB_200_2011/image_class_labels.txt   "image_id class_id" per line, classes 1 to 200
 * root/CUB_200_2011/images/relative/path.jpg
 * </pre>
 *
 * <p>The standard split: classes 1-100 train (5,864 images), 101-200 evaluate (5,924), query against
 * query. Samples keep the file's class numbers and appear in {@code images.txt} order.
 */
@Dataset(name = "cub200", description = "CUB-200-2011 birds: classes 1-100 train, 101-200 evaluate")
public final class Cub200 implements DatasetLoader {

  static final String NAME = "cub200";
  private static final int CLASSES = 200;
  private static final List<String> LAYOUT =
      List.of("CUB_200_2011/images.txt", "CUB_200_2011/image_class_labels.txt", "CUB_200_2011/images/");

  /**
   * @param root the folder that holds {@code CUB_200_2011/}
   */
  public record Settings(Path root) {
    public Settings {
      Objects.requireNonNull(root, "root is null");
    }

    public Settings() {
      this(Path.of("data", "cub200"));
    }
  }

  private final Settings settings;

  public Cub200(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public DatasetSplits load() throws IOException {
    Path root = settings.root();
    Layouts.require(NAME, root, LAYOUT);
    Path base = root.resolve("CUB_200_2011");
    Path labelsFile = base.resolve("image_class_labels.txt");
    Map<String, Integer> labels = new HashMap<>();
    for (String[] row : Layouts.rows(labelsFile, 0, 2)) {
      labels.put(row[0], Layouts.integer(labelsFile, row[1], "class id"));
    }
    Path imagesFile = base.resolve("images.txt");
    List<Sample> train = new ArrayList<>();
    List<Sample> test = new ArrayList<>();
    Set<Integer> classes = new HashSet<>();
    for (String[] row : Layouts.rows(imagesFile, 0, 2)) {
      Integer label = labels.get(row[0]);
      if (label == null) {
        throw new IOException(NAME + ": image " + row[0] + " of " + imagesFile + " has no class in " + labelsFile);
      }
      classes.add(label);
      Sample sample = new Sample(label, new FileImage(base.resolve("images").resolve(row[1])));
      (label <= CLASSES / 2 ? train : test).add(sample);
    }
    Layouts.checkClasses(NAME, "CUB_200_2011/image_class_labels.txt", classes, CLASSES,
        "1-100 for training, 101-200 for evaluation");
    return new DatasetSplits(train, test, List.of());
  }
}
