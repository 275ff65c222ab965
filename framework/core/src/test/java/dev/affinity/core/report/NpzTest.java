package dev.affinity.core.report;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpzTest {
  @TempDir Path dir;

  @Test
  void readsTheEmbeddingsDjlWritesAsNpz() {
    float[][] vectors = {{0.6f, 0.8f, 0f}, {0f, 0f, 1f}, {-1f, 0f, 0f}, {0f, 1f, 0f}};
    int[] labels = {7, 7, 2, 5};
    SweepFixture.embeddings(dir, vectors, labels);

    Npz.Embeddings read = Npz.readEmbeddings(dir.resolve("test-embeddings.npz"));

    assertThat(read.count()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(read.vector(i)).containsExactly(vectors[i]);
    }
    assertThat(read.labels()).containsExactly(7, 7, 2, 5);
  }

  @Test
  void arraysWithOtherNamesAreAnErrorNamingTheFile() throws Exception {
    Path file = dir.resolve("test-embeddings.npz");
    try (NDManager manager = NDManager.newBaseManager();
        OutputStream out = Files.newOutputStream(file)) {
      new NDList(manager.create(new float[] {1f, 2f})).encode(out, NDList.Encoding.NPZ);
    }

    assertThatThrownBy(() -> Npz.readEmbeddings(file))
        .isInstanceOf(ReportException.class)
        .hasMessage(file + ": expected arrays named \"embeddings\" and \"labels\", found [arr_0]");
  }

  @Test
  void aFileThatIsNotAZipIsAnErrorNamingTheFile() throws Exception {
    Path file = dir.resolve("test-embeddings.npz");
    Files.writeString(file, "not a zip");

    assertThatThrownBy(() -> Npz.readEmbeddings(file))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            file + ": expected an NPZ file (a zip of .npy arrays), but it is not a zip file");
  }
}
