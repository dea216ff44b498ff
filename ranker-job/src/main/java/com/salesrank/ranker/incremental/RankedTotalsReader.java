package com.salesrank.ranker.incremental;

import com.salesrank.ranker.state.StateException;
import com.salesrank.ranker.state.StateManifest;
import com.salesrank.ranker.state.StateStore;
import com.salesrank.ranker.state.TotalsIndex;
import com.salesrank.ranker.state.TotalsPart;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.io.IOUtils;

/**
 * Reads the first rows of a category from the state's totals through the {@link TotalsIndex}, checking as
 * it goes that they are the rows of that category in rank order (the index and parts are checked against
 * the manifest's lengths and CRC-32s when loaded; a head refresh reads only a prefix of each part, so each
 * row read is checked for shape and order instead).
 */
final class RankedTotalsReader implements AutoCloseable {

    private final StateStore store;
    private final List<TotalsPart> parts;
    private final TotalsIndex index;
    private final FSDataInputStream[] open;
    private long rowsRead;

    RankedTotalsReader(StateStore store, StateManifest manifest) throws IOException {
        this.store = store;
        this.parts = manifest.totals();
        this.open = new FSDataInputStream[parts.size()];
        TotalsPart indexPart = manifest.totalsIndex();
        byte[] bytes;
        try (InputStream in = store.fileSystem().open(store.resolve(indexPart.file()))) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            IOUtils.copyBytes(in, buffer, 8192, false);
            bytes = buffer.toByteArray();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != indexPart.crc()) {
            throw new StateException("state totals index " + indexPart.file() + " fails its checksum");
        }
        this.index = TotalsIndex.parse(new String(bytes, StandardCharsets.US_ASCII), indexPart.file());
    }

    TotalsIndex index() {
        return index;
    }

    long rowsRead() {
        return rowsRead;
    }

    /** The old ranking of {@code category}, empty if it had none. */
    HeadSelector.OldRows rows(int category) throws IOException {
        TotalsIndex.Entry entry = index.entries().get(category);
        if (entry == null) {
            return new HeadSelector.OldRows() {
                @Override
                public boolean next() {
                    return false;
                }

                @Override
                public long product() {
                    throw new IllegalStateException();
                }

                @Override
                public long total() {
                    throw new IllegalStateException();
                }
            };
        }
        if (entry.part() < 0 || entry.part() >= parts.size()) {
            throw new StateException("state totals index names part " + entry.part() + " of " + parts.size());
        }
        FSDataInputStream stream = open[entry.part()];
        if (stream == null) {
            stream = store.fileSystem().open(store.resolve(parts.get(entry.part()).file()));
            open[entry.part()] = stream;
        }
        stream.seek(entry.offset());
        InputStream in = new BufferedInputStream(stream, 1 << 14);
        String file = parts.get(entry.part()).file();
        return new HeadSelector.OldRows() {
            private final long[] fields = new long[4];
            private final byte[] line = new byte[128];
            private long rank;
            private long product;
            private long total = Long.MAX_VALUE;

            @Override
            public boolean next() throws IOException {
                if (rank == entry.rows()) {
                    return false;
                }
                int n = readLine(in, line);
                if (n <= 0 || !TabbedLongs.parse(line, n, fields)) {
                    throw new StateException("state totals " + file + ": row " + (rank + 1) + " of category "
                            + category + " is missing or does not parse");
                }
                long nextProduct = fields[2];
                long nextTotal = fields[3];
                boolean inOrder = fields[0] == category && fields[1] == rank + 1 && nextTotal > 0
                        && (rank == 0 || nextTotal < total || nextTotal == total && nextProduct > product);
                if (!inOrder) {
                    throw new StateException("state totals " + file + ": row " + (rank + 1) + " of category "
                            + category + " is not where the index says, or out of rank order");
                }
                rank++;
                product = nextProduct;
                total = nextTotal;
                rowsRead++;
                return true;
            }

            @Override
            public long product() {
                return product;
            }

            @Override
            public long total() {
                return total;
            }
        };
    }

    /** One line without its '\n'; -1 at the end of the stream. */
    private static int readLine(InputStream in, byte[] buffer) throws IOException {
        int n = 0;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (n == buffer.length) {
                return -1;
            }
            buffer[n++] = (byte) b;
        }
        return b < 0 && n == 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        for (FSDataInputStream stream : open) {
            if (stream != null) {
                stream.close();
            }
        }
    }
}
