package com.salesrank.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCatalogTest {

    @TempDir
    Path tmp;

    private static DemoCatalog catalog(int products, int categories, long seed) {
        return new DemoCatalog(new ProductCatalog(products, categories), categories, seed);
    }

    @Test
    void theSameSeedWritesTheSameFilesAndAnotherSeedOtherNames() throws IOException {
        DemoCatalog.Written first = catalog(5_000, 1_000, 42).write(tmp.resolve("a"), false);
        DemoCatalog.Written again = catalog(5_000, 1_000, 42).write(tmp.resolve("b"), false);
        DemoCatalog.Written other = catalog(5_000, 1_000, 7).write(tmp.resolve("c"), false);

        assertThat(Files.readAllBytes(again.categories())).isEqualTo(Files.readAllBytes(first.categories()));
        assertThat(Files.readAllBytes(again.products())).isEqualTo(Files.readAllBytes(first.products()));
        assertThat(Files.readAllLines(other.categories())).isNotEqualTo(Files.readAllLines(first.categories()));
        assertThat(Files.readAllLines(other.products())).isNotEqualTo(Files.readAllLines(first.products()));
    }

    @Test
    void everyCategoryIdHasADistinctPlausibleName() throws IOException {
        List<String> lines = Files.readAllLines(catalog(100, 1_000, 42).write(tmp, false).categories(),
                StandardCharsets.UTF_8);

        assertThat(lines).hasSize(1_000);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split("\t", -1);
            assertThat(fields).as(lines.get(i)).hasSize(2);
            assertThat(fields[0]).isEqualTo(Integer.toString(i + 1));
            assertThat(fields[1]).as("line %d", i + 1).matches("[A-Z0-9][A-Za-z0-9&',. -]*[A-Za-z)]").hasSizeLessThan(255);
            names.add(fields[1]);
        }
        assertThat(names).as("distinct names").hasSize(1_000)
                .contains("Kitchen & Dining", "Science Fiction Books", "Headphones");
    }

    @Test
    void moreCategoriesThanPlainNamesTakePrefixesThenNumbers() {
        int plain = DemoCatalog.departments().stream().mapToInt(d -> d.qualifiers().size()).sum();
        List<String> prefixes = DemoCatalog.lines("prefixes.txt");
        int count = plain * (prefixes.size() + 2);
        List<DemoCatalog.Category> categories = DemoCatalog.categories(DemoCatalog.departments(), prefixes, count, 1);

        Set<String> names = new HashSet<>();
        categories.forEach(c -> names.add(c.name()));
        assertThat(names).hasSize(count).contains("Vintage Cookware", "Cookware (2)");
    }

    @Test
    void aTitleIsBrandAdjectiveNounAndVariantOfItsFirstCategorysDepartment() {
        ProductCatalog products = new ProductCatalog(10_000, 1_000);
        DemoCatalog catalog = new DemoCatalog(products, 1_000, 42);
        List<String> brands = DemoCatalog.lines("brands.txt");
        List<String> variants = DemoCatalog.lines("variants.txt");
        Set<String> titles = new HashSet<>();
        for (long id = 1; id <= 10_000; id++) {
            String title = catalog.productTitle(id);
            titles.add(title);
            assertThat(brands).as(title).anyMatch(b -> title.startsWith(b + " "));
            assertThat(variants).as(title).anyMatch(v -> title.endsWith(", " + v));
            DemoCatalog.Category category = catalog.category(products.category(id, 0));
            assertThat(category.name()).contains(category.department().categoryName(category.qualifier()));
            assertThat(category.department().nouns()).as(title + " in " + category.name())
                    .anyMatch(noun -> title.contains(" " + noun + ", "));
        }
        assertThat(titles.size()).as("titles vary").isGreaterThan(5_000);
    }

    @Test
    void gzipWritesTheSameLinesCompressed() throws IOException {
        DemoCatalog.Written plain = catalog(2_000, 50, 3).write(tmp.resolve("plain"), false);
        DemoCatalog.Written gzip = catalog(2_000, 50, 3).write(tmp.resolve("gz"), true);

        assertThat(gzip.products().getFileName().toString()).isEqualTo("products.tsv.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzip.products()))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(plain.products()));
        }
    }
}
