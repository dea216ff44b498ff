package com.salesrank.ranker.state;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Copies a ranking the job wrote into the state as the totals of its window, in one pass that also counts
 * the rows, checksums each part and notes where each category starts ({@link TotalsIndex}).
 */
public final class TotalsWriter {

    /** What was written: the parts and the index, as the manifest records them. */
    public record Written(List<TotalsPart> parts, TotalsPart index) {
    }

    private TotalsWriter() {
    }

    public static Written copy(FileSystem rankingFs, Path ranking, StateStore store, Path totalsDir) throws IOException {
        FileStatus[] parts = rankingFs.listStatus(ranking, p -> p.getName().startsWith("part-"));
        Arrays.sort(parts);
        FileSystem stateFs = store.fileSystem();
        List<TotalsPart> written = new ArrayList<>();
        TotalsIndex index = new TotalsIndex();
        for (FileStatus part : parts) {
            Path target = new Path(totalsDir, part.getPath().getName());
            CRC32 crc = new CRC32();
            long rows = 0;
            long offset = 0;
            long categoryStart = 0;
            long categoryRows = 0;
            int category = 0;
            boolean any = false;
            byte[] line = new byte[256];
            try (InputStream raw = rankingFs.open(part.getPath());
                 OutputStream out = new BufferedOutputStream(stateFs.create(target, true), 1 << 16)) {
                Lines in = new Lines(raw);
                int n;
                while ((n = in.next(line)) > 0) {
                    int c = parseCategory(line, n, part.getPath());
                    if (!any || c != category) {
                        if (any) {
                            index.put(category, new TotalsIndex.Entry(written.size(), categoryStart, categoryRows));
                        }
                        any = true;
                        category = c;
                        categoryStart = offset;
                        categoryRows = 0;
                    }
                    out.write(line, 0, n);
                    crc.update(line, 0, n);
                    offset += n;
                    rows++;
                    categoryRows++;
                }
            }
            if (any) {
                index.put(category, new TotalsIndex.Entry(written.size(), categoryStart, categoryRows));
            }
            written.add(new TotalsPart(store.relativize(target), offset, rows, crc.getValue()));
        }
        return new Written(written, index.writeTo(store, totalsDir));
    }

    /**
     * The lines of a ranking file, read in blocks: a byte at a time through a BufferedInputStream (a
     * synchronized call per byte) was most of the copy's cost.
     */
    static final class Lines {
        private final InputStream in;
        private final byte[] block = new byte[1 << 16];
        private int at;
        private int end;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Reads one line including its '\n' into {@code buffer}; returns its length, 0 at the end. */
        int next(byte[] buffer) throws IOException {
            int n = 0;
            while (true) {
                if (at == end) {
                    end = in.read(block, 0, block.length);
                    at = 0;
                    if (end <= 0) {
                        end = 0;
                        if (n > 0) {
                            throw new IOException("ranking file ends inside a line");
                        }
                        return 0;
                    }
                }
                byte b = block[at++];
                if (n == buffer.length) {
                    throw new IOException("ranking line longer than " + buffer.length + " bytes");
                }
                buffer[n++] = b;
                if (b == '\n') {
                    return n;
                }
            }
        }
    }

    private static int parseCategory(byte[] line, int n, Path file) throws IOException {
        int value = 0;
        boolean negative = line[0] == '-';
        for (int i = negative ? 1 : 0; i < n; i++) {
            if (line[i] == '\t') {
                return negative ? -value : value;
            }
            value = value * 10 + (line[i] - '0');
        }
        throw new IOException("ranking line without a tab in " + file);
    }
}
