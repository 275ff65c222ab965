package dev.affinity.core.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads NumPy {@code .npz} files as DJL's {@code NDList.encode(out, NDList.Encoding.NPZ)} writes them (a zip of
 * {@code <name>.npy} entries), in plain Java, so a report needs no native engine.
 */
final class Npz {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiub])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    /** One array: its shape and its values in row-major order, widened to double. */
    record Array(long[] shape, double[] values) {
    }

    /** The test embeddings of a run: {@code embeddings} (N x d) and {@code labels} (N). */
    record Embeddings(float[][] vectors, int[] labels) {
    }

    static Embeddings readEmbeddings(Path file) {
        Map<String, Array> arrays = read(file);
        Array embeddings = arrays.get("embeddings");
        Array labels = arrays.get("labels");
        if (embeddings == null || labels == null) {
            throw new ReportException(file, "expected arrays named \"embeddings\" and \"labels\", found "
                    + arrays.keySet());
        }
        if (embeddings.shape().length != 2 || labels.shape().length != 1
                || embeddings.shape()[0] != labels.shape()[0]) {
            throw new ReportException(file, "expected \"embeddings\" of shape (N, d) and \"labels\" of shape (N), were "
                    + java.util.Arrays.toString(embeddings.shape()) + " and " + java.util.Arrays.toString(labels.shape()));
        }
        int n = (int) embeddings.shape()[0];
        int d = (int) embeddings.shape()[1];
        float[][] vectors = new float[n][d];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                vectors[i][j] = (float) embeddings.values()[i * d + j];
            }
            classes[i] = (int) labels.values()[i];
        }
        return new Embeddings(vectors, classes);
    }

    /** All arrays of the file, by name (the entry name without {@code .npy}), in file order. */
    static Map<String, Array> read(Path file) {
        Map<String, Array> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                arrays.put(name.substring(0, name.length() - 4), readNpy(file, name, zip));
            }
        } catch (IOException e) {
            throw new ReportException(file, "expected a readable NPZ (zip) file (" + e + ")", e);
        }
        if (arrays.isEmpty()) {
            throw new ReportException(file, "expected an NPZ file (a zip of .npy arrays), found no arrays");
        }
        return arrays;
    }

    private static Array readNpy(Path file, String entry, InputStream in) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(readAll(in)).order(ByteOrder.LITTLE_ENDIAN);
        String where = "entry " + entry + ": ";
        byte[] magic = new byte[6];
        if (bytes.remaining() < 10) {
            throw new ReportException(file, where + "expected a .npy array, but it is too short");
        }
        bytes.get(magic);
        if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new ReportException(file, where + "expected a .npy array (magic \\x93NUMPY)");
        }
        int major = bytes.get() & 0xff;
        bytes.get();
        int headerLength = major == 1 ? bytes.getShort() & 0xffff : bytes.getInt();
        byte[] headerBytes = new byte[headerLength];
        bytes.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);

        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new ReportException(file, where + "expected a .npy header with descr, fortran_order and shape, was "
                    + header.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw new ReportException(file, where + "expected a C-ordered array, found fortran_order True");
        }
        String[] dims = shapeText.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::strip).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        bytes.order(descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        char kind = descr.group(2).charAt(0);
        int size = Integer.parseInt(descr.group(3));
        if (count * size != bytes.remaining()) {
            throw new ReportException(file, where + "expected " + count * size + " bytes of data for shape "
                    + java.util.Arrays.toString(shape) + ", found " + bytes.remaining());
        }
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (kind + "" + size) {
                case "f4" -> bytes.getFloat();
                case "f8" -> bytes.getDouble();
                case "i1" -> bytes.get();
                case "u1", "b1" -> bytes.get() & 0xff;
                case "i2" -> bytes.getShort();
                case "i4" -> bytes.getInt();
                case "i8" -> bytes.getLong();
                default -> throw new ReportException(file, where + "expected a float or integer array, found dtype "
                        + descr.group(0));
            };
        }
        return new Array(shape, values);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
