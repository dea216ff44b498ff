package com.salesrank.ranker.publish;

import com.salesrank.contract.Ranking;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Ranking output files in the job's format, written by the tests themselves. Every row encodes the
 * generation it belongs to: {@code total_sold = generation * 1_000_000 + (ranks - rank + 1)}, and the
 * window starts {@code generation} hours after {@link #EPOCH}. A reader can therefore tell from one
 * result row whether its rows and its window come from the same run.
 */
final class TestRankings {

    static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
    static final long GENERATION_FACTOR = 1_000_000L;

    final int categories;
    final int ranks;

    TestRankings(int categories, int ranks) {
        this.categories = categories;
        this.ranks = ranks;
    }

    long rows() {
        return (long) categories * ranks;
    }

    static long productId(int category, int rank) {
        return category * 100_000L + rank;
    }

    static long totalSold(long generation, int rank, int ranks) {
        return generation * GENERATION_FACTOR + (ranks - rank + 1);
    }

    static Instant windowStart(long generation) {
        return EPOCH.plus(Duration.ofHours(generation));
    }

    static long generationOf(Instant windowStart) {
        return Duration.between(EPOCH, windowStart).toHours();
    }

    RunFacts facts(long generation) {
        Instant start = windowStart(generation);
        return new RunFacts(start, start.plus(Duration.ofDays(7)), rows(), rows() * 9, generation % 7, 1234);
    }

    /** Writes {@code parts} part files (categories spread over them as a partitioner would) into a new directory. */
    Path write(Path parent, long generation, int parts) throws IOException {
        Path dir = Files.createTempDirectory(parent, "ranking-g" + generation + "-");
        BufferedWriter[] writers = new BufferedWriter[parts];
        try {
            for (int p = 0; p < parts; p++) {
                writers[p] = Files.newBufferedWriter(dir.resolve(String.format("part-r-%05d", p)),
                        StandardCharsets.US_ASCII);
            }
            StringBuilder line = new StringBuilder(64);
            for (int category = 1; category <= categories; category++) {
                BufferedWriter out = writers[category % parts];
                for (int rank = 1; rank <= ranks; rank++) {
                    line.setLength(0);
                    line.append(category).append('\t').append(rank).append('\t')
                            .append(productId(category, rank)).append('\t')
                            .append(totalSold(generation, rank, ranks)).append('\n');
                    out.append(line);
                }
            }
        } finally {
            for (BufferedWriter w : writers) {
                if (w != null) {
                    w.close();
                }
            }
        }
        Files.createFile(dir.resolve("_SUCCESS"));
        return dir;
    }

    static org.apache.hadoop.fs.Path hadoopPath(Path dir) {
        return new org.apache.hadoop.fs.Path(dir.toUri());
    }
}
