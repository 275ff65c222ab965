package dev.affinity.plugins.data;

import dev.affinity.spi.data.Dataset;
import dev.affinity.spi.data.DatasetLoader;
import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * DeepFashion In-Shop Clothes Retrieval in its official layout:
 *
 * <pre>
 * root/Eval/list_eval_partition.txt   line 1 the image count, line 2 "image_name item_id evaluation_status",
 *                                     then e.g. "img/WOMEN/Dresses/id_00000002/02_1_front.jpg id_00000002 train"
 * root/Img/img/WOMEN/...              the images: image_name resolved against root/Img, or against root
 *                                     where there is no Img folder (img.zip unpacked in place)
 * </pre>
 *
 * <p>The standard split is the file's: {@code train} items train (3,997 items, 25,882 images); evaluation
 * searches the {@code query} images (14,218) among the {@code gallery} images (12,612). Labels are the
 * item numbers ({@code id_00000002} is 2); samples keep the file's order.
 */
@Dataset(name = "inshop", description = "DeepFashion In-Shop: train items train, query images searched in the gallery")
public final class InShop implements DatasetLoader {

  static final String NAME = "inshop";
  private static final String PARTITION = "Eval/list_eval_partition.txt";

  /**
   * @param root the folder that holds {@code Eval/} and {@code Img/}
   */
  public record Settings(Path root) {
    public Settings {
      Objects.requireNonNull(root, "root is null");
    }

    public Settings() {
      this(Path.of("data", "inshop"));
    }
  }

  private final Settings settings;

  /** The standard split's item (class) counts. */
  static final int TRAIN_ITEMS = 3997;
  static final int EVALUATION_ITEMS = 3985;

  public InShop(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public DatasetSplits load() throws IOException {
    Path root = settings.root();
    Layouts.require(NAME, root, List.of(PARTITION));
    Path file = root.resolve(PARTITION);
    Path images = Files.isDirectory(root.resolve("Img")) ? root.resolve("Img") : root;
    List<Sample> train = new ArrayList<>();
    List<Sample> query = new ArrayList<>();
    List<Sample> gallery = new ArrayList<>();
    for (String[] row : Layouts.rows(file, 2, 3)) {
      Sample sample = new Sample(item(file, row[1]), new FileImage(images.resolve(row[0])));
      switch (row[2]) {
        case "train" -> train.add(sample);
        case "query" -> query.add(sample);
        case "gallery" -> gallery.add(sample);
        default -> throw new IOException(file + ": evaluation_status '" + row[2] + "' of " + row[0]
            + " is none of train, query, gallery");
      }
    }
    if (query.isEmpty() || gallery.isEmpty()) {
      throw new IOException(NAME + ": " + file + " lists " + query.size() + " query and " + gallery.size()
          + " gallery images; evaluation needs both");
    }
    long trainItems = train.stream().mapToInt(Sample::label).distinct().count();
    long evaluationItems = java.util.stream.Stream.concat(query.stream(), gallery.stream())
        .mapToInt(Sample::label).distinct().count();
    if (trainItems != TRAIN_ITEMS || evaluationItems != EVALUATION_ITEMS) {
      throw new IOException(NAME + ": " + PARTITION + " has " + trainItems + " training items and " + evaluationItems
          + " evaluation items, the standard split expects " + TRAIN_ITEMS + " and " + EVALUATION_ITEMS);
    }
    return new DatasetSplits(train, query, gallery);
  }

  private static int item(Path file, String id) throws IOException {
    return Layouts.integer(file, id.startsWith("id_") ? id.substring(3) : id, "item_id");
  }
}
