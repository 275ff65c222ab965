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

class StanfordOnlineProductsTest {

  @TempDir Path root;

  /** One image per class, the official class ranges (train 1-11318, test 11319-22634), two images of class 1. */
  private void writeLayout(int trainClasses, int testClasses) throws IOException {
    Path base = Files.createDirectories(root.resolve("Stanford_Online_Products"));
    Files.write(base.resolve("Ebay_train.txt"), lines(1, trainClasses, 1));
    Files.write(base.resolve("Ebay_test.txt"), lines(11_319, testClasses, trainClasses + 2));
  }

  private static List<String> lines(int firstClass, int classes, int firstId) {
    List<String> lines = new ArrayList<>(List.of("image_id class_id super_class_id path"));
    int id = firstId;
    for (int c = firstClass; c < firstClass + classes; c++) {
      for (int i = 0; i < (c == 1 ? 2 : 1); i++, id++) {
        lines.add(id + " " + c + " " + (1 + c % 12) + " bicycle_final/" + c + "_" + i + ".JPG");
      }
    }
    return lines;
  }

  @Test
  void readsTheFilesSplitWithClassIdsAndPaths() throws IOException {
    writeLayout(11_318, 11_316);
    DatasetSplits splits = new StanfordOnlineProducts(new StanfordOnlineProducts.Settings(root)).load();

    assertThat(splits.train()).hasSize(11_319);
    assertThat(splits.query()).hasSize(11_316);
    assertThat(splits.train().subList(0, 3)).containsExactly(
        new Sample(1, new FileImage(root.resolve("Stanford_Online_Products/bicycle_final/1_0.JPG"))),
        new Sample(1, new FileImage(root.resolve("Stanford_Online_Products/bicycle_final/1_1.JPG"))),
        new Sample(2, new FileImage(root.resolve("Stanford_Online_Products/bicycle_final/2_0.JPG"))));
    assertThat(splits.query().get(0).label()).isEqualTo(11_319);
  }

  @Test
  void aMissingRootNamesTheFilesTheLayoutExpects() {
    Path missing = root.resolve("sop");
    assertThatThrownBy(() -> new StanfordOnlineProducts(new StanfordOnlineProducts.Settings(missing)).load())
        .hasMessage("sop: root folder " + missing + " not found; the layout expects"
            + " Stanford_Online_Products/Ebay_train.txt and Stanford_Online_Products/Ebay_test.txt under it");
  }

  @Test
  void aLayoutWithoutTheStandardClassesIsRejected() throws IOException {
    writeLayout(11_318, 11_315);
    assertThatThrownBy(() -> new StanfordOnlineProducts(new StanfordOnlineProducts.Settings(root)).load())
        .hasMessage("sop: Stanford_Online_Products/Ebay_test.txt has 11315 classes, the standard split expects 11316");
  }
}
