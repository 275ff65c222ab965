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

class InShopTest {

  @TempDir Path root;

  /**
   * Five hand-written rows, then one image for each further item the standard split has (3,997 training
   * items, 3,985 evaluation items), numbered from 100,000 so they follow the written ones.
   */
  private void writeLayout(int trainItems, int evaluationItems) throws IOException {
    Files.createDirectories(root.resolve("Eval"));
    Files.createDirectories(root.resolve("Img/img"));
    // the official file pads its columns with runs of spaces
    List<String> lines = new ArrayList<>(List.of(
        "5",
        "image_name item_id evaluation_status",
        "img/WOMEN/Dresses/id_00000002/02_1_front.jpg                     id_00000002 train",
        "img/WOMEN/Dresses/id_00000002/02_2_side.jpg                      id_00000002 train",
        "img/MEN/Denim/id_00000080/01_1_front.jpg                         id_00000080 query",
        "img/MEN/Denim/id_00000080/01_2_side.jpg                          id_00000080 gallery",
        "img/MEN/Denim/id_00000081/01_7_additional.jpg                    id_00000081 gallery"));
    int id = 100_000;
    for (int i = 1; i < trainItems; i++, id++) {
      lines.add(String.format("img/X/id_%08d/01_1_front.jpg id_%08d train", id, id));
    }
    for (int i = 2; i < evaluationItems; i++, id++) {
      lines.add(String.format("img/X/id_%08d/01_1_front.jpg id_%08d gallery", id, id));
    }
    Files.write(root.resolve("Eval/list_eval_partition.txt"), lines);
  }

  private void writeLayout() throws IOException {
    writeLayout(InShop.TRAIN_ITEMS, InShop.EVALUATION_ITEMS);
  }

  @Test
  void searchesQueryImagesAmongGalleryImages() throws IOException {
    writeLayout();
    DatasetSplits splits = new InShop(new InShop.Settings(root)).load();

    assertThat(splits.train()).startsWith(
        new Sample(2, new FileImage(root.resolve("Img/img/WOMEN/Dresses/id_00000002/02_1_front.jpg"))),
        new Sample(2, new FileImage(root.resolve("Img/img/WOMEN/Dresses/id_00000002/02_2_side.jpg"))));
    assertThat(splits.train()).hasSize(2 + InShop.TRAIN_ITEMS - 1);
    assertThat(splits.query()).containsExactly(
        new Sample(80, new FileImage(root.resolve("Img/img/MEN/Denim/id_00000080/01_1_front.jpg"))));
    assertThat(splits.gallery()).extracting(Sample::label).startsWith(80, 81, 100_000 + InShop.TRAIN_ITEMS - 1);
    assertThat(splits.gallery()).hasSize(2 + InShop.EVALUATION_ITEMS - 2);
    assertThat(splits.hasGallery()).isTrue();
  }

  @Test
  void aLayoutWithOtherItemCountsThanTheStandardSplitSaysSo() throws IOException {
    writeLayout(InShop.TRAIN_ITEMS - 1, InShop.EVALUATION_ITEMS);

    assertThatThrownBy(() -> new InShop(new InShop.Settings(root)).load())
        .hasMessage("inshop: Eval/list_eval_partition.txt has 3996 training items and 3985 evaluation items, the"
            + " standard split expects 3997 and 3985");
  }

  @Test
  void aMissingRootNamesTheFileTheLayoutExpects() {
    Path missing = root.resolve("inshop");
    assertThatThrownBy(() -> new InShop(new InShop.Settings(missing)).load())
        .hasMessage("inshop: root folder " + missing + " not found; the layout expects Eval/list_eval_partition.txt"
            + " under it");
  }

  @Test
  void anUnknownStatusIsNamed() throws IOException {
    Files.createDirectories(root.resolve("Eval"));
    Path file = root.resolve("Eval/list_eval_partition.txt");
    Files.write(file, List.of("1", "image_name item_id evaluation_status", "img/a.jpg id_00000001 test"));
    assertThatThrownBy(() -> new InShop(new InShop.Settings(root)).load())
        .hasMessage(file + ": evaluation_status 'test' of img/a.jpg is none of train, query, gallery");
  }
}
