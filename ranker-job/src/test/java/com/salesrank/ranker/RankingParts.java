package com.salesrank.ranker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads a ranking the job wrote, on any Hadoop file system, checking how the rows lie in the part files. */
public final class RankingParts {

    private RankingParts() {
    }

    /**
     * All rows of the part files by category then rank, after asserting that each
     * category is whole inside one part file and numbered 1..n in order there.
     */
    public static List<String> read(FileSystem fs, Path output) throws IOException {
        List<String> rows = new ArrayList<>();
        Set<Long> categoriesSeen = new LinkedHashSet<>();
        for (FileStatus part : fs.listStatus(output, p -> p.getName().startsWith("part-"))) {
            long currentCategory = -1;
            long nextRank = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String[] fields = line.split("\t");
                    long category = Long.parseLong(fields[0]);
                    if (category != currentCategory) {
                        assertThat(categoriesSeen.add(category)).as("category %d split across files", category).isTrue();
                        currentCategory = category;
                        nextRank = 1;
                    }
                    assertThat(Long.parseLong(fields[1])).as("rank order in %s", part.getPath()).isEqualTo(nextRank++);
                    rows.add(line);
                }
            }
        }
        rows.sort(Comparator.<String>comparingLong(r -> Long.parseLong(r.split("\t")[0]))
                .thenComparingLong(r -> Long.parseLong(r.split("\t")[1])));
        return rows;
    }
}
