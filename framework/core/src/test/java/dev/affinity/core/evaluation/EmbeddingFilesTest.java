package dev.affinity.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingFilesTest {

  @TempDir
  Path dir;

  @Test
  void csvEmbeddingsAndTextLabelsAreRead() throws IOException {
    Path emb = write("emb.csv", "1, 2,3\n\n4,5,6.5\n");
    Path labels = write("labels.txt", "cat\ndog\n");

    EmbeddingFiles.Embeddings e = EmbeddingFiles.readEmbeddings(emb);

    assertThat(e.rows()).isEqualTo(2);
    assertThat(e.dim()).isEqualTo(3);
    assertThat(e.values()).containsExactly(1, 2, 3, 4, 5, 6.5f);
    assertThat(EmbeddingFiles.readLabels(labels)).containsExactly(0, 1);
  }

  @Test
  void npyFloat32AndFloat64EmbeddingsAndIntegerLabelsAreRead() throws IOException {
    Path f4 = npy("a.npy", "<f4", "(2, 2)", 16, b -> b.putFloat(1).putFloat(2).putFloat(3).putFloat(4));
    Path f8 = npy("b.npy", "<f8", "(1, 2)", 16, b -> b.putDouble(0.5).putDouble(-1));
    Path labels = npy("l.npy", "<i8", "(3,)", 24, b -> b.putLong(7).putLong(3).putLong(7));

    assertThat(EmbeddingFiles.readEmbeddings(f4).values()).containsExactly(1, 2, 3, 4);
    assertThat(EmbeddingFiles.readEmbeddings(f8).values()).containsExactly(0.5f, -1);
    assertThat(EmbeddingFiles.readLabels(labels)).containsExactly(0, 1, 0);
  }

  @Test
  void rowsOfDifferentLengthsNameTheLine() throws IOException {
    Path emb = write("emb.csv", "1,2,3\n4,5,6\n7,8\n");

    assertThatThrownBy(() -> EmbeddingFiles.readEmbeddings(emb))
        .isInstanceOf(EvaluationException.class)
        .hasMessage(emb + " line 3: expected 3 values as on line 1, found 2");
  }

  @Test
  void nonNumericAndNaNValuesNameLineAndColumn() throws IOException {
    Path word = write("word.csv", "1,2\n3,abc\n");
    Path nan = write("nan.csv", "1,NaN\n");

    assertThatThrownBy(() -> EmbeddingFiles.readEmbeddings(word))
        .hasMessage(word + " line 2, column 2: not a number: 'abc'");
    assertThatThrownBy(() -> EmbeddingFiles.readEmbeddings(nan))
        .hasMessage(nan + " line 1, column 2: NaN is not a finite number");
  }

  @Test
  void aLabelCountThatDiffersFromTheRowCountIsAnError() throws IOException {
    Path emb = write("emb.csv", "1,2\n3,4\n5,6\n");
    Path labels = write("labels.txt", "a\nb\n");

    assertThatThrownBy(() -> Evaluation.of(emb, labels))
        .isInstanceOf(EvaluationException.class)
        .hasMessage(labels + " has 2 labels but " + emb + " has 3 rows");
  }

  @Test
  void fewerThanTwoClassesIsAnError() throws IOException {
    Path emb = write("emb.csv", "1,2\n3,4\n");
    Path labels = write("labels.txt", "a\na\n");

    assertThatThrownBy(() -> Evaluation.of(emb, labels))
        .hasMessage(labels + " has 1 class; at least two are needed");
  }

  @Test
  void anEmptyLabelLineBeforeTheEndIsAnError() throws IOException {
    Path labels = write("labels.txt", "a\n\nb\n");

    assertThatThrownBy(() -> EmbeddingFiles.readLabels(labels)).hasMessage(labels + " line 2: empty label");
  }

  @Test
  void npyOfTheWrongKindSaysWhatIsExpected() throws IOException {
    Path ints = npy("i.npy", "<i4", "(1, 2)", 8, b -> b.putInt(1).putInt(2));
    Path floats = npy("f.npy", "<f4", "(2,)", 8, b -> b.putFloat(1).putFloat(2));

    assertThatThrownBy(() -> EmbeddingFiles.readEmbeddings(ints))
        .hasMessage(ints + ": embeddings must be float32 or float64, got dtype '<i4'");
    assertThatThrownBy(() -> EmbeddingFiles.readLabels(floats))
        .hasMessage(floats + ": labels must be integers, got dtype '<f4'");
  }

  @Test
  void aWholeEvaluationFromFilesIsOneCall() throws IOException {
    Path emb = write("emb.csv", "1,0\n0.9,0.1\n0,1\n0.1,0.9\n");
    Path labels = write("labels.txt", "a\na\nb\nb\n");

    assertThat(Evaluation.of(emb, labels).evaluate(java.util.List.of(new dev.affinity.plugins.metric.PrecisionAt1())))
        .containsEntry("precision_at_1", 1.0);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Path npy(String name, String descr, String shape, int bytes,
      java.util.function.Consumer<ByteBuffer> data) throws IOException {
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int pad = 64 - (10 + header.length() + 1) % 64;
    header = header + " ".repeat(pad % 64) + "\n";
    ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + bytes).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    data.accept(buffer);
    return Files.write(dir.resolve(name), buffer.array());
  }
}
