package com.salesrank.ranker.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyOrderedRowsTest {

    @TempDir
    Path dir;

    @Test
    void mergesPartsThatInterleaveCategoriesIntoKeyOrderAndNumbersTheRows() throws IOException {
        // as stage 2 writes them: categories hashed over the parts, each part sorted by category and rank
        KeyOrderedRows rows = rowsOf(
                "2\t1\t200\t9\n2\t2\t201\t8\n4\t1\t400\t7\n",
                "1\t1\t100\t50\n1\t2\t101\t40\n1\t3\t102\t-3\n3\t1\t300\t6",
                "");

        assertThat(readAll(rows)).isEqualTo("""
                1\t1\t1\t100\t50
                2\t1\t2\t101\t40
                3\t1\t3\t102\t-3
                4\t2\t1\t200\t9
                5\t2\t2\t201\t8
                6\t3\t1\t300\t6
                7\t4\t1\t400\t7
                """);
        assertThat(rows.lines()).isEqualTo(7);
        assertThat(rows.problem()).isNull();
    }

    @Test
    void aLongOutputKeepsItsOrderAcrossBufferRefills() throws IOException {
        StringBuilder even = new StringBuilder();
        StringBuilder odd = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        long id = 1;
        for (int category = 1; category <= 40; category++) {
            for (int rank = 1; rank <= 500; rank++) {
                String line = category + "\t" + rank + "\t" + (category * 100_000L + rank) + "\t" + (1000 - rank) + "\n";
                (category % 2 == 0 ? even : odd).append(line);
                expected.append(id++).append('\t').append(line);
            }
        }

        KeyOrderedRows rows = rowsOf(even.toString(), odd.toString());

        assertThat(readAll(rows)).isEqualTo(expected.toString());
        assertThat(rows.lines()).isEqualTo(20_000);
    }

    @Test
    void stopsWhenAPartHasAMalformedLineAndSaysWhichPartAndLine() throws IOException {
        KeyOrderedRows rows = rowsOf("1\t1\t100\t50\n1\t2\t101\t40\n", "2\t1\t200\t9\n2\t2\tx\t8\n2\t3\t202\t7\n");

        String passed = readAll(rows);

        assertThat(passed).doesNotContain("202");
        assertThat(rows.problem()).startsWith("part-r-00001 line 2: unexpected character 0x78");
    }

    @Test
    void splitsIntoStatementsOfWholeLinesInKeyOrderAndEndsWhenNoLineIsLeft() throws IOException {
        KeyOrderedRows rows = rowsOf("1\t1\t100\t50\n1\t2\t101\t40\n3\t1\t300\t5\n",
                "2\t1\t200\t9\n2\t2\t201\t8\n");

        List<String> statements = new ArrayList<>();
        InputStream statement;
        while ((statement = rows.nextStatement(2)) != null) {
            statements.add(readAll(statement)); // closing a statement's stream leaves the rows open
        }

        assertThat(statements).containsExactly(
                "1\t1\t1\t100\t50\n2\t1\t2\t101\t40\n",
                "3\t2\t1\t200\t9\n4\t2\t2\t201\t8\n",
                "5\t3\t1\t300\t5\n");
        assertThat(rows.lines()).isEqualTo(5);
        rows.close();
    }

    @Test
    void copiesTheLinesOfTheTopRanksToTheTapWithTheirWindowAndRun() throws IOException {
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        TopRowsTap tap = new TopRowsTap(copied, "2026-12-01 13:00:00", 42, 2);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path part = dir.resolve("part-r-00000");
        Files.writeString(part, "7\t1\t700\t30\n7\t2\t701\t20\n7\t3\t702\t10\n8\t1\t800\t5\n",
                StandardCharsets.US_ASCII);
        KeyOrderedRows rows = new KeyOrderedRows(List.of(new RankingLineStream(fs,
                List.of(new org.apache.hadoop.fs.Path(part.toUri())))), tap);

        readAll(rows);

        assertThat(copied.toString(StandardCharsets.US_ASCII)).isEqualTo(
                "2026-12-01 13:00:00\t42\t7\t1\t700\t30\n"
                        + "2026-12-01 13:00:00\t42\t7\t2\t701\t20\n"
                        + "2026-12-01 13:00:00\t42\t8\t1\t800\t5\n");
        assertThat(tap.rows()).isEqualTo(3);
    }

    private KeyOrderedRows rowsOf(String... parts) throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        List<RankingLineStream> streams = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Path part = dir.resolve(String.format("part-r-%05d", i));
            Files.writeString(part, parts[i], StandardCharsets.US_ASCII);
            streams.add(new RankingLineStream(fs, List.of(new org.apache.hadoop.fs.Path(part.toUri()))));
        }
        return new KeyOrderedRows(streams, null);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[7]; // small, so lines straddle reads
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
        }
        in.close();
        return out.toString(StandardCharsets.US_ASCII);
    }
}
