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

class RankingLineStreamTest {

    @TempDir
    Path dir;

    @Test
    void concatenatesPartsAndEndsAnUnterminatedLastLine() throws IOException {
        RankingLineStream stream = streamOf("1\t1\t100\t50\n1\t2\t101\t40", "2\t1\t200\t-3\n");

        assertThat(readAll(stream)).isEqualTo("1\t1\t100\t50\n1\t2\t101\t40\n2\t1\t200\t-3\n");
        assertThat(stream.lines()).isEqualTo(3);
        assertThat(stream.problem()).isNull();
    }

    @Test
    void stopsAtAMalformedLineAndSaysWhere() throws IOException {
        RankingLineStream stream = streamOf("1\t1\t100\t50\n1\t2\tabc\t40\n1\t3\t102\t30\n");

        String passed = readAll(stream);

        assertThat(passed).doesNotContain("102");
        assertThat(stream.lines()).isEqualTo(1);
        assertThat(stream.problem()).contains("part-r-00000 line 2").contains("unexpected character");
    }

    @Test
    void rejectsMissingAndExtraFields() throws IOException {
        RankingLineStream missing = streamOf("1\t1\t100\n");
        readAll(missing);
        assertThat(missing.problem()).contains("line 1").contains("found 3");

        RankingLineStream extra = streamOf("1\t1\t100\t5\t9\n");
        readAll(extra);
        assertThat(extra.problem()).contains("more than 4 fields");
    }

    @Test
    void rejectsValuesTheColumnsCannotHold() throws IOException {
        RankingLineStream bigCategory = streamOf("2147483648\t1\t100\t5\n");
        readAll(bigCategory);
        assertThat(bigCategory.problem()).contains("category_id out of range");

        RankingLineStream rankZero = streamOf("1\t0\t100\t5\n");
        readAll(rankZero);
        assertThat(rankZero.problem()).contains("category_rank");

        RankingLineStream negativeProduct = streamOf("1\t1\t-100\t5\n");
        readAll(negativeProduct);
        assertThat(negativeProduct.problem()).contains("unexpected character");

        RankingLineStream emptyLine = streamOf("1\t1\t100\t5\n\n");
        readAll(emptyLine);
        assertThat(emptyLine.problem()).contains("line 2");
    }

    @Test
    void acceptsTheLargestValues() throws IOException {
        RankingLineStream stream = streamOf("2147483647\t2147483647\t9223372036854775807\t-9223372036854775807\n");

        readAll(stream);

        assertThat(stream.problem()).isNull();
        assertThat(stream.lines()).isEqualTo(1);
    }

    private RankingLineStream streamOf(String... parts) throws IOException {
        List<org.apache.hadoop.fs.Path> paths = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Path part = dir.resolve(String.format("part-r-%05d", i));
            Files.writeString(part, parts[i], StandardCharsets.US_ASCII);
            paths.add(new org.apache.hadoop.fs.Path(part.toUri()));
        }
        return new RankingLineStream(FileSystem.getLocal(new Configuration()), paths);
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
