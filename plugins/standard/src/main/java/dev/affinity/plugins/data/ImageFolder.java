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
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Any data set laid out as one folder per class: {@code root/<class>/<image>}. Classes are the folders
 * sorted by name and numbered from 1 in that order; images are the files with an image extension (jpg,
 * jpeg, png, bmp, gif; hidden files ignored) sorted by name. The first {@code train_classes} classes train
 * and the rest evaluate; with {@code train_classes} 0, the first {@code train_ratio} of the classes
 * (rounded, at least one each side) train.
 */
@Dataset(name = "image-folder", description = "root/<class>/<image> folders, split by a class count or a ratio")
public final class ImageFolder implements DatasetLoader {

  static final String NAME = "image-folder";
  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  /**
   * @param root the folder holding one folder per class
   * @param trainClasses how many classes, first in name order, train; 0 to split by {@code trainRatio}
   * @param trainRatio the share of classes that train when {@code trainClasses} is 0, in (0, 1)
   */
  public record Settings(Path root, int trainClasses, double trainRatio) {
    public Settings {
      Objects.requireNonNull(root, "root is null");
      if (trainClasses < 0) {
        throw new IllegalArgumentException("train_classes must be at least 0, was " + trainClasses);
      }
      if (!(trainRatio > 0 && trainRatio < 1)) {
        throw new IllegalArgumentException("train_ratio must be between 0 and 1 (exclusive), was " + trainRatio);
      }
    }

    public Settings() {
      this(Path.of("data", "images"), 0, 0.5);
    }
  }

  private final Settings settings;

  public ImageFolder(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public DatasetSplits load() throws IOException {
    Path root = settings.root();
    if (!Files.isDirectory(root)) {
      throw new IOException(NAME + ": root folder " + root + " not found; the layout expects one folder per class"
          + " holding its images: " + root.resolve("<class>").resolve("<image>"));
    }
    List<Path> classes;
    try (Stream<Path> entries = Files.list(root)) {
      classes = entries.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
    }
    if (classes.size() < 2) {
      throw new IOException(NAME + ": " + root + " has " + classes.size() + " class folders; training and"
          + " evaluation need at least one class each");
    }
    int trainCount = trainCount(classes.size());
    List<Sample> train = new ArrayList<>();
    List<Sample> test = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<Path> images;
      try (Stream<Path> entries = Files.list(classes.get(c))) {
        images = entries.filter(Files::isRegularFile).filter(p -> !hidden(p) && isImage(p)).sorted().toList();
      }
      if (images.isEmpty()) {
        throw new IOException(NAME + ": class folder " + classes.get(c) + " holds no images ("
            + String.join(", ", EXTENSIONS.stream().sorted().toList()) + ")");
      }
      for (Path image : images) {
        (c < trainCount ? train : test).add(new Sample(c + 1, new FileImage(image)));
      }
    }
    return new DatasetSplits(train, test, List.of());
  }

  private int trainCount(int classes) throws IOException {
    if (settings.trainClasses() == 0) {
      return (int) Math.min(classes - 1, Math.max(1, Math.round(classes * settings.trainRatio())));
    }
    if (settings.trainClasses() >= classes) {
      throw new IOException(NAME + ": train_classes is " + settings.trainClasses() + " but " + settings.root()
          + " has only " + classes + " classes; evaluation needs at least one");
    }
    return settings.trainClasses();
  }

  private static boolean hidden(Path path) {
    return path.getFileName().toString().startsWith(".");
  }

  private static boolean isImage(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
