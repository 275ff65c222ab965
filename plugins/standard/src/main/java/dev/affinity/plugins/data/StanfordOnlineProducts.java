package dev.affinity.plugins.data;

import dev.affinity.spi.data.Dataset;
import dev.affinity.spi.data.DatasetLoader;
import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Stanford Online Products in its official layout:
 *
 * <pre>
 * root/Stanford_Online_Products/Ebay_train.txt   header "image_id class_id super_class_id path", then one
 * root/Stanford_Online_Products/Ebay_test.txt    image per line, path like "bicycle_final/111085122871_0.JPG"
 * root/Stanford_Online_Products/bicycle_final/111085122871_0.JPG
 * </pre>
 *
 * <p>The standard split is the files': 11,318 training classes (59,551 images), 11,316 evaluation classes
 * (60,502), query against query. Samples keep the files' class ids and order.
 */
@Dataset(name = "sop", description = "Stanford Online Products: Ebay_train.txt trains, Ebay_test.txt evaluates")
public final class StanfordOnlineProducts implements DatasetLoader {

  static final String NAME = "sop";
  private static final int TRAIN_CLASSES = 11_318;
  private static final int TEST_CLASSES = 11_316;
  private static final String FOLDER = "Stanford_Online_Products";
  private static final List<String> LAYOUT = List.of(FOLDER + "/Ebay_train.txt", FOLDER + "/Ebay_test.txt");

  /**
   * @param root the folder that holds {@code Stanford_Online_Products/}
   */
  public record Settings(Path root) {
    public Settings {
      Objects.requireNonNull(root, "root is null");
    }

    public Settings() {
      this(Path.of("data", "sop"));
    }
  }

  private final Settings settings;

  public StanfordOnlineProducts(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public DatasetSplits load() throws IOException {
    Layouts.require(NAME, settings.root(), LAYOUT);
    Path base = settings.root().resolve(FOLDER);
    List<Sample> train = read(base, "Ebay_train.txt", TRAIN_CLASSES);
    List<Sample> test = read(base, "Ebay_test.txt", TEST_CLASSES);
    return new DatasetSplits(train, test, List.of());
  }

  private static List<Sample> read(Path base, String name, int expectedClasses) throws IOException {
    Path file = base.resolve(name);
    List<Sample> samples = new ArrayList<>();
    Set<Integer> classes = new HashSet<>();
    for (String[] row : Layouts.rows(file, 1, 4)) {
      int label = Layouts.integer(file, row[1], "class_id");
      classes.add(label);
      samples.add(new Sample(label, new FileImage(base.resolve(row[3]))));
    }
    if (classes.size() != expectedClasses) {
      throw new IOException(NAME + ": " + FOLDER + "/" + name + " has " + classes.size()
          + " classes, the standard split expects " + expectedClasses);
    }
    return samples;
  }
}
