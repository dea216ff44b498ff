package com.salesrank.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.parse.ParseResult;
import com.salesrank.ranker.parse.SaleLineParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SalesLogGeneratorTest {

    private static final Instant END = Instant.parse("2026-11-20T13:00:00Z");

    @TempDir
    Path root;

    private static SalesLogGenerator.Settings settings(Path out, boolean gzip, double malformed, int threads) {
        return new SalesLogGenerator.Settings(out, 10_000, END, 3, 50_000, 1_000, 1.0, 99, gzip, malformed, true, threads);
    }

    private static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream raw = Files.newInputStream(file);
                     InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                    lines.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
                }
            }
        }
        return lines;
    }

    @Test
    void writesOneFilePerHourInTheSalesApiLayout() throws Exception {
        new SalesLogGenerator(settings(root, true, 0, 2)).generate();
        assertThat(root.resolve("2026/11/20/10/sales-2026112010.log.gz")).exists();
        assertThat(root.resolve("2026/11/20/11/sales-2026112011.log.gz")).exists();
        assertThat(root.resolve("2026/11/20/12/sales-2026112012.log.gz")).exists();
    }

    @Test
    void everyLineIsValidInsideTheWindowAndEachProductKeepsOneToThreeCategories() throws Exception {
        SalesLogGenerator.Result result = new SalesLogGenerator(settings(root, false, 0, 2)).generate();
        SaleLineParser parser = new SaleLineParser();
        Map<Long, Set<Integer>> categories = new HashMap<>();
        List<String> lines = lines(root);
        assertThat(lines).hasSize(10_000 + 3); // a header per file
        assertThat(result.lines()).isEqualTo(10_000);
        for (String line : lines) {
            ParseResult parsed = parser.parse(line);
            if (parsed.kind() == ParseResult.Kind.HEADER) {
                continue;
            }
            assertThat(parsed.isValid()).as(line).isTrue();
            Instant at = Instant.ofEpochSecond(parsed.sale().epochSecond());
            assertThat(at).isBetween(END.minusSeconds(3 * 3600), END.minusSeconds(1));
            categories.computeIfAbsent(parsed.sale().productId(), p -> new HashSet<>()).add(parsed.sale().categoryId());
        }
        assertThat(categories.values()).allSatisfy(c -> assertThat(c.size()).isBetween(1, 3));
        assertThat(categories.values()).anySatisfy(c -> assertThat(c).hasSizeGreaterThan(1));
    }

    @Test
    void theSameSeedWritesTheSameFilesWhateverTheThreadCount() throws Exception {
        new SalesLogGenerator(settings(root.resolve("a"), false, 0.01, 1)).generate();
        new SalesLogGenerator(settings(root.resolve("b"), false, 0.01, 3)).generate();
        assertThat(lines(root.resolve("a"))).isEqualTo(lines(root.resolve("b")));
    }

    @Test
    void malformedLinesAppearOnRequestOnly() throws Exception {
        SalesLogGenerator.Result result = new SalesLogGenerator(settings(root, false, 0.05, 2)).generate();
        SaleLineParser parser = new SaleLineParser();
        long malformed = lines(root).stream().filter(l -> parser.parse(l).kind() == ParseResult.Kind.MALFORMED).count();
        assertThat(malformed).isEqualTo(result.malformedLines()).isBetween(300L, 700L);
    }

    @Test
    void zipfPopularityFallsOffAsOneOverRank() {
        DiscreteSampler zipf = SalesLogGenerator.popularity(new SplittableRandom(1), 5_000_000, 1.0);
        int[] counts = new int[5];
        int draws = 2_000_000;
        for (int i = 0; i < draws; i++) {
            int k = zipf.sample();
            assertThat(k).isBetween(1, 5_000_000);
            if (k <= 4) {
                counts[k]++;
            }
        }
        // P(1) = 1/H(5e6) ~ 0.0623; P(k) = P(1)/k
        assertThat(counts[1] / (double) draws).isBetween(0.059, 0.066);
        assertThat(counts[1] / (double) counts[2]).isBetween(1.9, 2.1);
        assertThat(counts[1] / (double) counts[4]).isBetween(3.7, 4.3);
    }

    @Test
    void popularityRanksMapToDistinctScatteredProducts() {
        ProductCatalog catalog = new ProductCatalog(5_000_000, 1_000);
        Set<Long> seen = new HashSet<>();
        for (int rank = 1; rank <= 100_000; rank++) {
            long product = catalog.productOfRank(rank);
            assertThat(product).isBetween(1L, 5_000_000L);
            assertThat(seen.add(product)).isTrue();
        }
        assertThat(catalog.productOfRank(2)).isNotEqualTo(2L);
    }
}
