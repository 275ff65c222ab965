package dev.affinity.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} files as DJL's {@code NDList.encode(out, NDList.Encoding.NPZ)} writes
 * them (a zip of {@code <name>.npy} entries), in plain Java, so a report needs no native engine.
 * Values stay in their file bytes and are converted when read, so a large test set is held once,
 * not three times.
 */
final class Npz {
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiub])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npz() {}

  /** One C-ordered array: its shape and its data, read element by element. */
  static final class Array {
    private final long[] shape;
    private final ByteBuffer data;
    private final String type;

    private Array(long[] shape, ByteBuffer data, String type) {
      this.shape = shape;
      this.data = data;
      this.type = type;
    }

    long[] shape() {
      return shape.clone();
    }

    /** The element at a row-major index, widened to double. */
    double get(int index) {
      return switch (type) {
        case "f4" -> data.getFloat(4 * index);
        case "f8" -> data.getDouble(8 * index);
        case "i1" -> data.get(index);
        case "u1", "b1" -> data.get(index) & 0xff;
        case "i2" -> data.getShort(2 * index);
        case "i4" -> data.getInt(4 * index);
        case "i8" -> data.getLong(8 * index);
        default -> throw new IllegalStateException(type);
      };
    }
  }

  /** The test embeddings of a run: {@code embeddings} (N x d) and {@code labels} (N). */
  static final class Embeddings {
    private final Array vectors;
    private final int[] labels;

    private Embeddings(Array vectors, int[] labels) {
      this.vectors = vectors;
      this.labels = labels;
    }

    /** N. */
    int count() {
      return labels.length;
    }

    /** The class of every embedding, in file order. */
    int[] labels() {
      return labels.clone();
    }

    /** Embedding {@code i}, of length d. */
    float[] vector(int i) {
      int d = (int) vectors.shape[1];
      float[] vector = new float[d];
      for (int k = 0; k < d; k++) {
        vector[k] = (float) vectors.get(i * d + k);
      }
      return vector;
    }
  }

  static Embeddings readEmbeddings(Path file) {
    Map<String, Array> arrays = read(file);
    Array embeddings = arrays.get("embeddings");
    Array labels = arrays.get("labels");
    if (embeddings == null || labels == null) {
      throw new ReportException(
          file, "expected arrays named \"embeddings\" and \"labels\", found " + arrays.keySet());
    }
    if (embeddings.shape.length != 2
        || labels.shape.length != 1
        || embeddings.shape[0] != labels.shape[0]) {
      throw new ReportException(
          file,
          "expected \"embeddings\" of shape (N, d) and \"labels\" of shape (N), were "
              + Arrays.toString(embeddings.shape)
              + " and "
              + Arrays.toString(labels.shape));
    }
    int[] classes = new int[(int) labels.shape[0]];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = (int) labels.get(i);
    }
    return new Embeddings(embeddings, classes);
  }

  /** All arrays of the file, by name (the entry name without {@code .npy}), in file order. */
  static Map<String, Array> read(Path file) {
    Map<String, Array> arrays = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.endsWith(".npy")) {
          continue;
        }
        if (entry.getSize() > Integer.MAX_VALUE - 16) {
          throw new ReportException(file, "entry " + name + ": expected an array under 2 GB");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = entry.getSize() >= 0 ? in.readNBytes((int) entry.getSize()) : in.readAllBytes();
        }
        arrays.put(name.substring(0, name.length() - 4), parseNpy(file, name, bytes));
      }
    } catch (java.util.zip.ZipException e) {
      throw new ReportException(
          file, "expected an NPZ file (a zip of .npy arrays), but it is not a zip file");
    } catch (IOException e) {
      throw new ReportException(file, "expected a readable NPZ file (" + e + ")", e);
    }
    if (arrays.isEmpty()) {
      throw new ReportException(
          file, "expected an NPZ file (a zip of .npy arrays), found no arrays");
    }
    return arrays;
  }

  private static Array parseNpy(Path file, String entry, byte[] content) {
    ByteBuffer bytes = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    String where = "entry " + entry + ": ";
    if (content.length < 10
        || content[0] != (byte) 0x93
        || !new String(content, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new ReportException(file, where + "expected a .npy array (magic \\x93NUMPY)");
    }
    int major = content[6] & 0xff;
    bytes.position(8);
    int headerLength = major == 1 ? bytes.getShort() & 0xffff : bytes.getInt();
    if (headerLength < 0 || headerLength > bytes.remaining()) {
      throw new ReportException(
          file,
          where
              + "expected a .npy header of "
              + headerLength
              + " bytes, "
              + "but the entry is shorter");
    }
    String header =
        new String(content, bytes.position(), headerLength, StandardCharsets.ISO_8859_1);
    bytes.position(bytes.position() + headerLength);

    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeText = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeText.find()) {
      throw new ReportException(
          file,
          where
              + "expected a .npy header with descr, fortran_order and shape, was "
              + header.strip());
    }
    if (fortran.group(1).equals("True")) {
      throw new ReportException(
          file, where + "expected a C-ordered array, found fortran_order True");
    }
    long[] shape =
        Arrays.stream(shapeText.group(1).split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    long count = 1;
    for (long dim : shape) {
      count *= dim;
    }
    String type = descr.group(2) + descr.group(3);
    int size = Integer.parseInt(descr.group(3));
    if (!java.util.Set.of("f4", "f8", "i1", "u1", "b1", "i2", "i4", "i8").contains(type)) {
      throw new ReportException(
          file, where + "expected a float or integer array, found dtype " + descr.group(0));
    }
    if (count * size != bytes.remaining()) {
      throw new ReportException(
          file,
          where
              + "expected "
              + count * size
              + " bytes of data for shape "
              + Arrays.toString(shape)
              + ", found "
              + bytes.remaining());
    }
    ByteBuffer data =
        bytes
            .slice()
            .order(descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    return new Array(shape, data, type);
  }
}
