package com.salesrank.ranker.incremental;

import com.salesrank.ranker.state.StateStore;
import com.salesrank.ranker.state.TotalsIndex;
import com.salesrank.ranker.state.TotalsPart;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code .index} sidecar of a totals part the apply job rewrote, read by the driver into the manifest and the
 * state's {@link TotalsIndex}: a first line {@code bytes TAB rows TAB crc}, then one
 * {@code category_id TAB byte_offset TAB rows} line per category of the part.
 */
final class PartSidecar {

    private PartSidecar() {
    }

    /** @param categories the category lines, each ending in '\n' */
    static void write(FileSystem fs, Path part, long bytes, long rows, long crc, CharSequence categories) throws IOException {
        try (OutputStream out = fs.create(of(part), true)) {
            out.write((bytes + "\t" + rows + "\t" + crc + "\n" + categories).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Reads the sidecar of part {@code number} in {@code totalsDir}: its categories into {@code index}; returns the part. */
    static TotalsPart read(StateStore store, Path totalsDir, int number, TotalsIndex index) throws IOException {
        Path part = new Path(totalsDir, String.format(java.util.Locale.ROOT, "part-r-%05d", number));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(store.fileSystem().open(of(part)),
                StandardCharsets.US_ASCII))) {
            String[] meta = in.readLine().split("\t");
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split("\t");
                index.put(Integer.parseInt(f[0]), new TotalsIndex.Entry(number, Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
            return new TotalsPart(store.relativize(part), Long.parseLong(meta[0]), Long.parseLong(meta[1]),
                    Long.parseLong(meta[2]));
        }
    }

    private static Path of(Path part) {
        return new Path(part.getParent(), part.getName() + ".index");
    }
}
