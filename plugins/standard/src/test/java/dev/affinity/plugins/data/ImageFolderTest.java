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

class ImageFolderTest {

  @TempDir Path root;

  private void writeLayout() throws IOException {
    // created out of order: classes are numbered by sorted name, not by creation
    for (String cls : new String[] {"delta", "alpha", "charlie", "bravo"}) {
      Path dir = Files.createDirectories(root.resolve(cls));
      Files.createFile(dir.resolve("b.jpg"));
      Files.createFile(dir.resolve("a.PNG"));
      Files.createFile(dir.resolve(".hidden.jpg"));
      Files.createFile(dir.resolve("notes.txt"));
    }
    Files.createDirectories(root.resolve(".cache"));
  }

  @Test
  void numbersClassesInNameOrderAndSplitsByRatio() throws IOException {
    writeLayout();
    DatasetSplits splits = new ImageFolder(new ImageFolder.Settings(root, 0, 0.5)).load();

    assertThat(splits.train()).containsExactly(
        new Sample(1, new FileImage(root.resolve("alpha/a.PNG"))),
        new Sample(1, new FileImage(root.resolve("alpha/b.jpg"))),
        new Sample(2, new FileImage(root.resolve("bravo/a.PNG"))),
        new Sample(2, new FileImage(root.resolve("bravo/b.jpg"))));
    assertThat(splits.query()).extracting(Sample::label).containsExactly(3, 3, 4, 4);
  }

  @Test
  void splitsByAClassCount() throws IOException {
    writeLayout();
    DatasetSplits splits = new ImageFolder(new ImageFolder.Settings(root, 3, 0.5)).load();

    assertThat(splits.train()).extracting(Sample::label).containsExactly(1, 1, 2, 2, 3, 3);
    assertThat(splits.query()).extracting(Sample::label).containsExactly(4, 4);
  }

  @Test
  void aMissingRootSaysWhatTheLayoutIs() {
    Path missing = root.resolve("photos");
    assertThatThrownBy(() -> new ImageFolder(new ImageFolder.Settings(missing, 0, 0.5)).load())
        .hasMessage("image-folder: root folder " + missing + " not found; the layout expects one folder per class"
            + " holding its images: " + missing.resolve("<class>").resolve("<image>"));
  }

  @Test
  void aClassCountLeavingNothingToEvaluateIsRejected() throws IOException {
    writeLayout();
    assertThatThrownBy(() -> new ImageFolder(new ImageFolder.Settings(root, 4, 0.5)).load())
        .hasMessage("image-folder: train_classes is 4 but " + root + " has only 4 classes; evaluation needs at"
            + " least one");
  }

  @Test
  void settingsNameTheKeyTheyReject() {
    assertThatThrownBy(() -> new ImageFolder.Settings(root, 0, 1.0))
        .hasMessage("train_ratio must be between 0 and 1 (exclusive), was 1.0");
  }
}
