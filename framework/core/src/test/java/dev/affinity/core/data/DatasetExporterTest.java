package dev.affinity.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.plugins.data.SyntheticShapes;
import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetExporterTest {

  @TempDir Path dir;

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void writesEverySplitAsSplitClassIndexPng() throws IOException {
    DatasetSplits splits = new SyntheticShapes(new SyntheticShapes.Settings(12, 2, 16, 0)).load();

    int written = DatasetExporter.export(splits, dir.resolve("export"));

    assertThat(written).isEqualTo(24);
    List<String> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("export"))) {
      files = walk.filter(Files::isRegularFile).map(p -> dir.resolve("export").relativize(p).toString())
          .sorted().toList();
    }
    assertThat(files).hasSize(24).startsWith("query/07/0.png", "query/07/1.png").endsWith("train/06/1.png");
    // the exported file holds the image as loaded, and reads back as an image folder
    assertThat(pixels(new FileImage(dir.resolve("export/train/01/1.png")).read()))
        .isEqualTo(pixels(splits.train().get(1).image().read()));
  }

  @Test
  void aGalleryIsWrittenAsItsOwnSplit() throws IOException {
    Path png = Files.createDirectories(dir.resolve("img")).resolve("a.png");
    javax.imageio.ImageIO.write(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
    FileImage image = new FileImage(png);
    DatasetSplits splits = new DatasetSplits(List.of(new Sample(1, image)), List.of(new Sample(12, image)),
        List.of(new Sample(12, image)));

    DatasetExporter.export(splits, dir.resolve("out"));

    assertThat(dir.resolve("out/train/01/0.png")).isRegularFile();
    assertThat(dir.resolve("out/query/12/0.png")).isRegularFile();
    assertThat(dir.resolve("out/gallery/12/0.png")).isRegularFile();
  }

  @Test
  void refusesAFolderThatIsNotEmpty() throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    DatasetSplits splits = new SyntheticShapes(new SyntheticShapes.Settings(4, 2, 8, 0)).load();
    assertThatThrownBy(() -> DatasetExporter.export(splits, dir))
        .hasMessage(dir + " is not empty; export writes into a new or empty folder");
  }
}
