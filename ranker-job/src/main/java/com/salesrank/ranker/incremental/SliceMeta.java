package com.salesrank.ranker.incremental;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code .meta} line beside a slice {@code s-N}, written by the task that sliced the log and read by the
 * driver into the slice's manifest entry: {@code records TAB crc TAB first_minute TAB last_minute}.
 *
 * @param records     lines in the slice
 * @param crc         CRC-32 of the slice's bytes
 * @param firstMinute the earliest minute in it ({@link Long#MAX_VALUE} when empty)
 * @param lastMinute  the latest ({@link Long#MIN_VALUE} when empty)
 */
record SliceMeta(long records, long crc, long firstMinute, long lastMinute) {

    void writeFor(FileSystem fs, Path slice) throws IOException {
        String line = records + "\t" + crc + "\t" + firstMinute + "\t" + lastMinute + "\n";
        try (OutputStream out = fs.create(of(slice), true)) {
            out.write(line.getBytes(StandardCharsets.US_ASCII));
        }
    }

    static SliceMeta readFor(FileSystem fs, Path slice) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(of(slice)), StandardCharsets.US_ASCII))) {
            String[] f = in.readLine().split("\t");
            return new SliceMeta(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
        }
    }

    private static Path of(Path slice) {
        return new Path(slice.getParent(), slice.getName() + ".meta");
    }
}
