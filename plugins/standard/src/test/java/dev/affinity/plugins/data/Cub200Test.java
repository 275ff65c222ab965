package dev.affinity.plugins.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cub200Test {

  @TempDir Path root;

  /** The official layout with one image per class, plus a second image of classes 1 and 101. */
  private void writeLayout(int classes) throws IOException {
    Path base = Files.createDirectories(root.resolve("CUB_200_2011/images"));
    List<String> images = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    int id = 1;
    for (int c = 1; c <= classes; c++) {
      int count = c == 1 || c == 101 ? 2 : 1;
      for (int i = 0; i < count; i++, id++) {
        images.add(id + " " + String.format("%03d.Bird_%d/Bird_%d_%d.jpg", c, c, c, i));
        labels.add(id + " " + c);
      }
    }
    Files.write(base.getParent().resolve("images.txt"), images);
    Files.write(base.getParent().resolve("image_class_labels.txt"), labels);
  }

  @Test
  void splitsClassesOneToHundredForTrainingAndTheRestForEvaluation() throws IOException {
    writeLayout(200);
    DatasetSplits splits = new Cub200(new Cub200.Settings(root)).load();

    assertThat(splits.train()).hasSize(101);
    assertThat(splits.query()).hasSize(101);
    assertThat(splits.hasGallery()).isFalse();
    assertThat(splits.train()).extracting(Sample::label).allMatch(l -> l >= 1 && l <= 100);
    assertThat(splits.query()).extracting(Sample::label).allMatch(l -> l >= 101 && l <= 200);
    assertThat(splits.train().subList(0, 3)).containsExactly(
        new Sample(1, new FileImage(root.resolve("CUB_200_2011/images/001.Bird_1/Bird_1_0.jpg"))),
        new Sample(1, new FileImage(root.resolve("CUB_200_2011/images/001.Bird_1/Bird_1_1.jpg"))),
        new Sample(2, new FileImage(root.resolve("CUB_200_2011/images/002.Bird_2/Bird_2_0.jpg"))));
  }

  @Test
  void aMissingRootNamesTheFilesTheLayoutExpects() {
    Path missing = root.resolve("nowhere");
    assertThatThrownBy(() -> new Cub200(new Cub200.Settings(missing)).load())
        .isInstanceOf(IOException.class)
        .hasMessage("cub200: root folder " + missing + " not found; the layout expects CUB_200_2011/images.txt,"
            + " CUB_200_2011/image_class_labels.txt and CUB_200_2011/images/ under it");
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    writeLayout(200);
    Files.delete(root.resolve("CUB_200_2011/image_class_labels.txt"));
    assertThatThrownBy(() -> new Cub200(new Cub200.Settings(root)).load())
        .hasMessage("cub200: " + root.resolve("CUB_200_2011/image_class_labels.txt") + " not found; the layout"
            + " expects CUB_200_2011/images.txt, CUB_200_2011/image_class_labels.txt and CUB_200_2011/images/"
            + " under the root folder " + root);
  }

  @Test
  void aLayoutWithoutTheStandardClassesIsRejected() throws IOException {
    writeLayout(199);
    assertThatThrownBy(() -> new Cub200(new Cub200.Settings(root)).load())
        .hasMessage("cub200: CUB_200_2011/image_class_labels.txt has 199 classes, the standard split expects 200"
            + " (1-100 for training, 101-200 for evaluation)");
  }
}
