package dev.affinity.plugins.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InShopTest {

  @TempDir Path root;

  private void writeLayout() throws IOException {
    Files.createDirectories(root.resolve("Eval"));
    Files.createDirectories(root.resolve("Img/img"));
    // the official file pads its columns with runs of spaces
    Files.write(root.resolve("Eval/list_eval_partition.txt"), List.of(
        "5",
        "image_name item_id evaluation_status",
        "img/WOMEN/Dresses/id_00000002/02_1_front.jpg                     id_00000002 train",
        "img/WOMEN/Dresses/id_00000002/02_2_side.jpg                      id_00000002 train",
        "img/MEN/Denim/id_00000080/01_1_front.jpg                         id_00000080 query",
        "img/MEN/Denim/id_00000080/01_2_side.jpg                          id_00000080 gallery",
        "img/MEN/Denim/id_00000081/01_7_additional.jpg                    id_00000081 gallery"));
  }

  @Test
  void searchesQueryImagesAmongGalleryImages() throws IOException {
    writeLayout();
    DatasetSplits splits = new InShop(new InShop.Settings(root)).load();

    assertThat(splits.train()).containsExactly(
        new Sample(2, new FileImage(root.resolve("Img/img/WOMEN/Dresses/id_00000002/02_1_front.jpg"))),
        new Sample(2, new FileImage(root.resolve("Img/img/WOMEN/Dresses/id_00000002/02_2_side.jpg"))));
    assertThat(splits.query()).containsExactly(
        new Sample(80, new FileImage(root.resolve("Img/img/MEN/Denim/id_00000080/01_1_front.jpg"))));
    assertThat(splits.gallery()).extracting(Sample::label).containsExactly(80, 81);
    assertThat(splits.hasGallery()).isTrue();
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
