package dev.affinity.core.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads embeddings and labels written by any tool.
 *
 * <ul>
 *   <li>Embeddings: {@code .npy} (float32 or float64, 2-D, C order) or text (any other name): one row per
 *       item, values separated by commas, optionally with spaces; blank lines are skipped.
 *   <li>Labels: {@code .npy} (integer, 1-D) or text: one label per line, any text; equal lines are one
 *       class. Classes are numbered in order of first appearance.
 * </ul>
 *
 * <p>Every problem is an {@link EvaluationException} naming the file and, for text, the line.
 */
public final class EmbeddingFiles {

  private static final Pattern SEPARATOR = Pattern.compile("\\s*,\\s*");

  private EmbeddingFiles() {}

  /** Embeddings read from a file: {@code rows * dim} values, row-major. */
  public record Embeddings(float[] values, int rows, int dim) {}

  /** Reads embeddings, by extension. */
  public static Embeddings readEmbeddings(Path file) {
    return isNpy(file) ? readNpyEmbeddings(file) : readCsvEmbeddings(file);
  }

  /** Reads labels, by extension, as class indices in order of first appearance. */
  public static int[] readLabels(Path file) {
    return isNpy(file) ? readNpyLabels(file) : readTextLabels(file);
  }

  private static boolean isNpy(Path file) {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
  }

  static Embeddings readCsvEmbeddings(Path file) {
    String name = file.toString();
    List<float[]> rows = new ArrayList<>();
    int dim = -1;
    int firstLine = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String[] cells = SEPARATOR.split(trimmed, -1);
        if (dim < 0) {
          dim = cells.length;
          firstLine = lineNo;
        } else if (cells.length != dim) {
          throw new EvaluationException(name + " line " + lineNo + ": expected " + dim
              + " values as on line " + firstLine + ", found " + cells.length);
        }
        float[] row = new float[dim];
        for (int j = 0; j < dim; j++) {
          row[j] = parse(cells[j], name, lineNo, j + 1);
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new EvaluationException("cannot read " + name + ": " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new EvaluationException(name + " holds no embeddings");
    }
    float[] values = new float[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, values, i * dim, dim);
    }
    return new Embeddings(values, rows.size(), dim);
  }

  private static float parse(String cell, String file, int line, int column) {
    float value;
    try {
      value = Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new EvaluationException(
          file + " line " + line + ", column " + column + ": not a number: '" + cell + "'");
    }
    if (!Float.isFinite(value)) {
      throw new EvaluationException(
          file + " line " + line + ", column " + column + ": " + cell + " is not a finite number");
    }
    return value;
  }

  static int[] readTextLabels(Path file) {
    String name = file.toString();
    Map<String, Integer> classes = new LinkedHashMap<>();
    List<Integer> labels = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      List<Integer> blank = new ArrayList<>();
      while ((line = in.readLine()) != null) {
        lineNo++;
        String label = line.strip();
        if (label.isEmpty()) {
          blank.add(lineNo);
          continue;
        }
        if (!blank.isEmpty()) {
          throw new EvaluationException(name + " line " + blank.get(0) + ": empty label");
        }
        labels.add(classes.computeIfAbsent(label, l -> classes.size()));
      }
    } catch (IOException e) {
      throw new EvaluationException("cannot read " + name + ": " + e.getMessage(), e);
    }
    return labels.stream().mapToInt(Integer::intValue).toArray();
  }

  private record NpyHeader(String descr, long[] shape, ByteBuffer data) {}

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private static NpyHeader readNpy(Path file) {
    String name = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new EvaluationException("cannot read " + name + ": " + e.getMessage(), e);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U'
        || bytes[3] != 'M' || bytes[4] != 'P' || bytes[5] != 'Y') {
      throw new EvaluationException(name + " is not a NumPy .npy file");
    }
    int major = bytes[6];
    int headerLength;
    int offset;
    if (major == 1) {
      headerLength = buffer.getShort(8) & 0xffff;
      offset = 10;
    } else {
      headerLength = buffer.getInt(8);
      offset = 12;
    }
    String header = new String(bytes, offset, headerLength, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new EvaluationException(name + ": unreadable .npy header: " + header.strip());
    }
    if (fortran.group(1).equals("True")) {
      throw new EvaluationException(name + ": Fortran-order arrays are not supported; save in C order");
    }
    List<Long> dims = new ArrayList<>();
    for (String d : shape.group(1).split(",")) {
      if (!d.isBlank()) {
        dims.add(Long.parseLong(d.strip()));
      }
    }
    ByteBuffer data = buffer.slice(offset + headerLength, bytes.length - offset - headerLength)
        .order(descr.group(1).startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    return new NpyHeader(descr.group(1), dims.stream().mapToLong(Long::longValue).toArray(), data);
  }

  static Embeddings readNpyEmbeddings(Path file) {
    String name = file.toString();
    NpyHeader npy = readNpy(file);
    if (npy.shape().length != 2) {
      throw new EvaluationException(
          name + ": embeddings must be 2-D (rows, dim), got shape " + java.util.Arrays.toString(npy.shape()));
    }
    int rows = Math.toIntExact(npy.shape()[0]);
    int dim = Math.toIntExact(npy.shape()[1]);
    String type = npy.descr().substring(1);
    int width = switch (type) {
      case "f4" -> 4;
      case "f8" -> 8;
      default -> throw new EvaluationException(
          name + ": embeddings must be float32 or float64, got dtype '" + npy.descr() + "'");
    };
    if (npy.data().remaining() < (long) rows * dim * width) {
      throw new EvaluationException(name + ": file ends before its " + rows + " x " + dim + " values");
    }
    if (rows == 0) {
      throw new EvaluationException(name + " holds no embeddings");
    }
    float[] values = new float[rows * dim];
    for (int i = 0; i < values.length; i++) {
      float v = width == 4 ? npy.data().getFloat(i * 4) : (float) npy.data().getDouble(i * 8);
      if (!Float.isFinite(v)) {
        throw new EvaluationException(name + ": row " + (i / dim) + ", column " + (i % dim)
            + " is " + v + ", not a finite number");
      }
      values[i] = v;
    }
    return new Embeddings(values, rows, dim);
  }

  static int[] readNpyLabels(Path file) {
    String name = file.toString();
    NpyHeader npy = readNpy(file);
    if (npy.shape().length != 1) {
      throw new EvaluationException(
          name + ": labels must be 1-D, got shape " + java.util.Arrays.toString(npy.shape()));
    }
    int n = Math.toIntExact(npy.shape()[0]);
    String type = npy.descr().substring(1);
    int width = switch (type) {
      case "i1", "u1" -> 1;
      case "i2", "u2" -> 2;
      case "i4", "u4" -> 4;
      case "i8", "u8" -> 8;
      default -> throw new EvaluationException(
          name + ": labels must be integers, got dtype '" + npy.descr() + "'");
    };
    if (npy.data().remaining() < (long) n * width) {
      throw new EvaluationException(name + ": file ends before its " + n + " labels");
    }
    Map<Long, Integer> classes = new LinkedHashMap<>();
    int[] labels = new int[n];
    ByteBuffer d = npy.data();
    boolean unsigned = type.startsWith("u");
    for (int i = 0; i < n; i++) {
      long raw = switch (width) {
        case 1 -> unsigned ? d.get(i) & 0xffL : d.get(i);
        case 2 -> unsigned ? d.getShort(i * 2) & 0xffffL : d.getShort(i * 2);
        case 4 -> unsigned ? d.getInt(i * 4) & 0xffffffffL : d.getInt(i * 4);
        default -> d.getLong(i * 8);
      };
      labels[i] = classes.computeIfAbsent(raw, r -> classes.size());
    }
    return labels;
  }
}
