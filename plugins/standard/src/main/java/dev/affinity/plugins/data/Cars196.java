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
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Struct;

/**
 * Stanford Cars-196 in its official layout:
 *
 * <pre>
 * root/cars_annos.mat    MATLAB v5: struct array "annotations", fields relative_im_path
 *                        ("car_ims/000001.jpg") and class (1 to 196), among others
 * root/car_ims/000001.jpg
 * </pre>
 *
 * <p>The standard split ignores the file's train/test flag and splits by class: 1-98 train (8,054 images),
 * 99-196 evaluate (8,131), query against query. Samples appear in annotation order.
 */
@Dataset(name = "cars196", description = "Stanford Cars-196: classes 1-98 train, 99-196 evaluate")
public final class Cars196 implements DatasetLoader {

  static final String NAME = "cars196";
  private static final int CLASSES = 196;
  private static final String ANNOTATIONS = "cars_annos.mat";
  private static final List<String> LAYOUT = List.of(ANNOTATIONS, "car_ims/");

  /**
   * @param root the folder that holds {@code cars_annos.mat} and {@code car_ims/}
   */
  public record Settings(Path root) {
    public Settings {
      Objects.requireNonNull(root, "root is null");
    }

    public Settings() {
      this(Path.of("data", "cars196"));
    }
  }

  private final Settings settings;

  public Cars196(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public DatasetSplits load() throws IOException {
    Path root = settings.root();
    Layouts.require(NAME, root, LAYOUT);
    Path file = root.resolve(ANNOTATIONS);
    List<Sample> train = new ArrayList<>();
    List<Sample> test = new ArrayList<>();
    Set<Integer> classes = new HashSet<>();
    MatFile mat;
    try {
      mat = Mat5.readFromFile(file.toFile());
    } catch (IOException | RuntimeException e) {
      // mfl-core reports a malformed file with EOFException or unchecked exceptions
      throw new IOException(NAME + ": " + file + " is not a readable MATLAB v5 file (" + e + ")", e);
    }
    try (mat) {
      Struct annotations = annotations(mat, file);
      for (int i = 0; i < annotations.getNumElements(); i++) {
        String path = string(annotations, "relative_im_path", i, file);
        int label = label(annotations, i, file);
        classes.add(label);
        (label <= CLASSES / 2 ? train : test).add(new Sample(label, new FileImage(root.resolve(path))));
      }
    }
    Layouts.checkClasses(NAME, ANNOTATIONS, classes, CLASSES, "1-98 for training, 99-196 for evaluation");
    return new DatasetSplits(train, test, List.of());
  }

  private static Struct annotations(MatFile mat, Path file) throws IOException {
    for (var entry : mat.getEntries()) {
      if (entry.getName().equals("annotations") && entry.getValue() instanceof Struct struct) {
        for (String field : List.of("relative_im_path", "class")) {
          if (!struct.getFieldNames().contains(field)) {
            throw new IOException(NAME + ": the 'annotations' of " + file + " have no field '" + field
                + "'; fields: " + struct.getFieldNames());
          }
        }
        return struct;
      }
    }
    throw new IOException(NAME + ": " + file + " holds no struct array 'annotations'");
  }

  private static String string(Struct struct, String field, int i, Path file) throws IOException {
    Array value = struct.get(field, i);
    if (value instanceof Char text) {
      return text.getString().strip();
    }
    throw new IOException(NAME + ": annotation " + (i + 1) + " of " + file + ": '" + field + "' is not text");
  }

  private static int label(Struct struct, int i, Path file) throws IOException {
    Array value = struct.get("class", i);
    if (value instanceof Matrix number && number.getNumElements() == 1) {
      return number.getInt(0);
    }
    throw new IOException(NAME + ": annotation " + (i + 1) + " of " + file + ": 'class' is not a number");
  }
}
