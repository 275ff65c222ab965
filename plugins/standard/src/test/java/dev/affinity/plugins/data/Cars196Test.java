package dev.affinity.plugins.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Struct;

class Cars196Test {

  @TempDir Path root;

  /**
   * cars_annos.mat as the official one is built: a 1 x N struct array "annotations" with the image path, the
   * bounding box, the class and the (ignored) test flag; one image per class, two of class 99.
   */
  private void writeLayout(int classes) throws IOException {
    Files.createDirectories(root.resolve("car_ims"));
    int n = classes + (classes >= 99 ? 1 : 0);
    Struct annotations = Mat5.newStruct(1, n);
    int i = 0;
    for (int c = 1; c <= classes; c++) {
      for (int copy = 0; copy < (c == 99 ? 2 : 1); copy++, i++) {
        annotations.set("relative_im_path", i, Mat5.newString(String.format("car_ims/%06d.jpg", i + 1)));
        annotations.set("bbox_x1", i, Mat5.newScalar(1));
        annotations.set("class", i, Mat5.newScalar(c));
        annotations.set("test", i, Mat5.newScalar(i % 2));
      }
    }
    try (MatFile mat = Mat5.newMatFile().addArray("annotations", annotations)) {
      Mat5.writeToFile(mat, root.resolve("cars_annos.mat").toFile());
    }
  }

  @Test
  void splitsClassesOneToNinetyEightForTrainingByClassNotByTheTestFlag() throws IOException {
    writeLayout(196);
    DatasetSplits splits = new Cars196(new Cars196.Settings(root)).load();

    assertThat(splits.train()).hasSize(98);
    assertThat(splits.query()).hasSize(99);
    assertThat(splits.train()).extracting(Sample::label).allMatch(l -> l >= 1 && l <= 98);
    assertThat(splits.query()).extracting(Sample::label).allMatch(l -> l >= 99 && l <= 196);
    assertThat(splits.train().get(0)).isEqualTo(new Sample(1, new FileImage(root.resolve("car_ims/000001.jpg"))));
    assertThat(splits.query().subList(0, 2)).containsExactly(
        new Sample(99, new FileImage(root.resolve("car_ims/000099.jpg"))),
        new Sample(99, new FileImage(root.resolve("car_ims/000100.jpg"))));
  }

  @Test
  void aMissingRootNamesTheFilesTheLayoutExpects() {
    Path missing = root.resolve("cars");
    assertThatThrownBy(() -> new Cars196(new Cars196.Settings(missing)).load())
        .hasMessage("cars196: root folder " + missing + " not found; the layout expects cars_annos.mat and car_ims/"
            + " under it");
  }

  @Test
  void aLayoutWithoutTheStandardClassesIsRejected() throws IOException {
    writeLayout(195);
    assertThatThrownBy(() -> new Cars196(new Cars196.Settings(root)).load())
        .hasMessage("cars196: cars_annos.mat has 195 classes, the standard split expects 196"
            + " (1-98 for training, 99-196 for evaluation)");
  }

  @Test
  void aFileThatIsNotMatlabIsNamed() throws IOException {
    Files.createDirectories(root.resolve("car_ims"));
    Files.writeString(root.resolve("cars_annos.mat"), "not a mat file");
    assertThatThrownBy(() -> new Cars196(new Cars196.Settings(root)).load())
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cars196: " + root.resolve("cars_annos.mat") + " is not a readable MATLAB v5 file");
  }
}
