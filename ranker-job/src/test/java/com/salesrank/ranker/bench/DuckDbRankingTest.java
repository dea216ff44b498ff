package com.salesrank.ranker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.ExpectedRanking;
import com.salesrank.generate.SalesLogGenerator;
import com.salesrank.ranker.parse.ParseResult;
import com.salesrank.ranker.parse.SaleLineParser;
import com.salesrank.ranker.parse.SaleRecord;
import com.salesrank.ranker.window.RankingWindow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark compares rankings by checksum, so the DuckDB contender must skip exactly the lines the
 * job skips. The oracle here is the job's own line parser and window, applied line by line.
 */
class DuckDbRankingTest {

    /** 2026 is no leap year: a query that let 29 February (or hour 24 of the 28th) through would count it on 1 March. */
    private static final RankingWindow WINDOW = new RankingWindow(Instant.parse("2026-02-28T00:00:00Z"),
            Instant.parse("2026-03-02T00:00:00Z"));

    private static final String[] TIMESTAMPS = {
        // valid, inside the window
        "2026-02-28T00:00:00Z", "2026-03-01T23:59:59.999999999Z", "2026-03-02T00:59:59.5+01:00",
        "2026-02-27T23:30:00-00:30", "2026-02-27T06:00:00-18:00", "2026-03-01T12:00:00.1Z",
        "2026-03-01T12:00:00.123456789+00:00", "2026-03-01T05:30:00+05:30",
        // valid, outside the window
        "2026-03-02T00:00:00Z", "2026-03-02T01:00:00+01:00", "2026-02-27T23:59:59.999999999Z",
        "2026-03-01T23:59:59-18:00", "1969-12-31T23:59:59.5Z",
        // malformed
        "2026-02-29T10:00:00Z", "2026-02-28T24:00:00Z", "2026-02-28T10:60:00Z", "2026-02-28T10:00:60Z",
        "2026-03-01T10:00:00+19:00", "2026-03-01T10:00:00+18:01", "2026-03-01T10:00:00+02:60",
        "2026-13-01T10:00:00Z", "2026-00-01T10:00:00Z", "2026-03-00T10:00:00Z", "2026-03-32T10:00:00Z",
        "2026-03-01T10:00:00", "2026-03-01T10:00:00.250", "2026-03-01 10:00:00Z", "2026-03-01T10:00Z",
        "2026-03-01T10:00:00.Z", "2026-03-01T10:00:00.1234567891Z", "2026-03-01T10:00:00+0200",
        "2026-03-01T10:00:00+02", "2026-03-01T10:00:00 Z", "2026-03-01T10:00:00ZZ", "+2026-03-01T10:00:00Z",
        "26-03-01T10:00:00Z", "2026-3-01T10:00:00Z", "1772359200", "2026-03-01", "timestamps",
        "2026-03-01T10:00:00z", " 2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z ", "\u0662026-03-01T10:00:00Z",
    };

    private static final String[] IDS = {
        "1", "7", "9223372036854775807", "2147483647", "2147483648", "9223372036854775808",
        "18446744073709551616", "99999999999999999999999", "0", "00", "050", "+50", "-50", " 50", "50 ", "50.0",
        "5e3", "abc", "\u0665\u0660", "\"5\"",
    };

    @TempDir
    Path dir;

    @Test
    void skipsExactlyTheLinesTheJobSkips() throws Exception {
        List<String> lines = new ArrayList<>();
        long product = 1_000;
        for (String timestamp : TIMESTAMPS) {
            lines.add(timestamp + "\t" + product++ + "\t3\t2\t20.00\t1\t1");
        }
        for (String id : IDS) {
            lines.add("2026-03-01T10:00:00Z\t" + id + "\t4\t1\t20.00\t1\t1");
            lines.add("2026-03-01T10:00:00Z\t" + product++ + "\t" + id + "\t1\t20.00\t1\t1");
            lines.add("2026-03-01T10:00:00Z\t" + product++ + "\t5\t" + id + "\t20.00\t1\t1");
        }
        String sale = "2026-03-01T10:00:00Z\t%d\t6\t3\t20.00\t1\t1";
        lines.add("timestamp\tproduct_id\tcategory_id\tqty\ttotal_price\tseller_id\tbuyer_id");
        lines.add("");
        lines.add("garbage line without tabs");
        lines.add(sale.formatted(product++) + "\r");                      // CRLF: valid
        lines.add(sale.formatted(product++).replace("\t1\t1", "\t1"));   // 6 fields
        lines.add(sale.formatted(product++) + "\textra");                // 8 fields
        lines.add(sale.formatted(product++) + "\t");                     // 8 fields, the last empty
        for (int field = 0; field < 7; field++) {                         // each field empty in turn
            String[] f = sale.formatted(product++).split("\t");
            f[field] = "";
            lines.add(String.join("\t", f));
        }
        lines.add(sale.formatted(product++).replace("20.00", "\"20.00"));          // a lone quote: valid
        lines.add(sale.formatted(product++).replace("20.00", "\"free\""));         // quoted: valid
        lines.add(sale.formatted(product++).replace("\t1\t1", "\tseller x\t\u00e9l\u00e8ve")); // text: valid
        lines.add(sale.formatted(product++).replace("20.00", " "));                 // a blank price: valid
        lines.add(sale.formatted(product++).replace("20.00", "NULL"));              // valid
        lines.add("#" + sale.formatted(product++).substring(1));                     // malformed timestamp
        Path file = dir.resolve("in/2026/03/01/10/sales.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

        List<String> expected = expectedRanking(dir.resolve("in"));
        assertThat(expected).as("the oracle keeps some lines and drops others").hasSizeBetween(20, lines.size() - 60);
        assertThat(duckDbRanking(dir.resolve("in"))).containsExactlyElementsOf(expected);
    }

    @Test
    void ranksGeneratedLogsWithMalformedLinesLikeTheJob() throws Exception {
        Path input = dir.resolve("generated");
        new SalesLogGenerator(new SalesLogGenerator.Settings(input, 60_000, WINDOW.end().plusSeconds(3_600), 50, 400,
                12, 1.1, 7, true, 0.05, true, 2)).generate();

        List<String> expected = expectedRanking(input);
        assertThat(expected).hasSizeGreaterThan(500);
        assertThat(duckDbRanking(input)).containsExactlyElementsOf(expected);
    }

    private List<String> duckDbRanking(Path input) throws Exception {
        Path output = dir.resolve("duckdb.tsv");
        long rows = DuckDbRanking.rank(DuckDbRanking.logFiles(input), WINDOW, 2, output);
        List<String> ranking = Files.readAllLines(output, StandardCharsets.US_ASCII);
        assertThat(ranking).hasSize((int) rows);
        return ranking;
    }

    /** Lines split at \n as Hadoop's line reader does (the parser drops a trailing \r), parsed by the job's parser. */
    private static List<String> expectedRanking(Path input) throws IOException {
        SaleLineParser parser = new SaleLineParser();
        ExpectedRanking expected = new ExpectedRanking();
        for (Path file : DuckDbRanking.logFiles(input)) {
            byte[] bytes;
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                bytes = in.readAllBytes();
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    if (i < bytes.length || line.size() > 0) {
                        ParseResult result = parser.parse(line.toByteArray(), line.size());
                        if (result.isValid()) {
                            SaleRecord sale = result.sale();
                            if (WINDOW.contains(sale.epochSecond(), sale.nano())) {
                                expected.add(sale.categoryId(), sale.productId(), sale.quantity());
                            }
                        }
                    }
                    line.reset();
                } else {
                    line.write(bytes[i]);
                }
            }
        }
        return expected.rows();
    }
}
