package com.salesrank.ranker.bench;

import com.salesrank.ranker.aggregate.CategoryProductSums;
import com.salesrank.ranker.parse.SaleLineParser;
import com.salesrank.ranker.window.RankingWindow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The benchmark's ceiling: the same ranking computed single-threaded in one JVM's
 * memory, with the job's own parser and a primitive hash map, then one sort. It is
 * what the job would cost with no distribution at all, so it bounds how fast the
 * job can be on one machine.
 *
 * <p>Usage: {@code InMemoryRanking WINDOW_END WINDOW_HOURS OUTPUT_FILE INPUT_DIR...};
 * writes the job's line format sorted by category then rank.
 */
public final class InMemoryRanking {

    private final SaleLineParser parser = new SaleLineParser();
    private final CategoryProductSums sums = new CategoryProductSums(1 << 22);
    private final RankingWindow window;
    private long lines;

    private InMemoryRanking(RankingWindow window) {
        this.window = window;
    }

    public static void main(String[] args) throws IOException {
        RankingWindow window = RankingWindow.ending(OffsetDateTime.parse(args[0]).toInstant(), Integer.parseInt(args[1]));
        InMemoryRanking ranking = new InMemoryRanking(window);
        for (int i = 3; i < args.length; i++) {
            try (Stream<Path> files = Files.walk(Path.of(args[i]))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    ranking.read(file);
                }
            }
        }
        ranking.write(Path.of(args[2]));
        System.err.printf("in-memory: %,d lines, %,d ranked rows%n", ranking.lines, ranking.sums.size());
    }

    private void read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buffer = new byte[1 << 20];
            byte[] line = new byte[1 << 12];
            int lineLength = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        accept(line, lineLength);
                        lineLength = 0;
                    } else {
                        if (lineLength == line.length) {
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[lineLength++] = b;
                    }
                }
            }
            if (lineLength > 0) {
                accept(line, lineLength);
            }
        }
    }

    private void accept(byte[] line, int length) {
        lines++;
        if (parser.scan(line, length).isValid() && window.contains(parser.epochSecond(), parser.nano())) {
            sums.add(parser.categoryId(), parser.productId(), parser.quantity());
        }
    }

    private record Row(int category, long total, long product) {
    }

    private void write(Path output) throws IOException {
        List<Row> rows = new ArrayList<>(sums.size());
        sums.forEach((category, product, total) -> rows.add(new Row(category, total, product)));
        rows.sort((a, b) -> {
            int c = Integer.compare(a.category, b.category);
            if (c != 0) {
                return c;
            }
            c = Long.compare(b.total, a.total);
            return c != 0 ? c : Long.compare(a.product, b.product);
        });
        try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.US_ASCII)) {
            int category = Integer.MIN_VALUE;
            int rank = 0;
            for (Row row : rows) {
                rank = row.category == category ? rank + 1 : 1;
                category = row.category;
                out.write(row.category + "\t" + rank + "\t" + row.product + "\t" + row.total + "\n");
            }
        }
    }
}
