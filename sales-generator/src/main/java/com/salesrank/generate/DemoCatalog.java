package com.salesrank.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The catalog that fits the generated sales: a name for every category id 1..N and a title for every
 * product id 1..M, in the files {@code scripts/load-catalog.sh} loads ({@code id<TAB>name}, UTF-8).
 * Category names are a department's qualifier in its pattern ("Science Fiction Books", "Kitchen &
 * Dining"), then the same with a prefix; the seed shuffles them onto the ids. A product's title is
 * made of a brand, an adjective, a noun of its first category's department and a variant. All word
 * lists are resources under {@code catalog/}; the same seed writes the same files.
 */
final class DemoCatalog {

    static final String CATEGORIES_FILE = "categories.tsv";
    static final String PRODUCTS_FILE = "products.tsv";

    /** A department of departments.tsv: its category name pattern, qualifiers and product nouns. */
    record Department(String name, String pattern, List<String> qualifiers, List<String> nouns) {
        String categoryName(String qualifier) {
            return pattern.replace("{}", qualifier);
        }

        /** The qualifier goes into titles only where the category name says more than it ("{} Books"). */
        boolean qualifierInTitle() {
            return !pattern.equals("{}");
        }
    }

    /** One category: its name, its department and the qualifier it was named from. */
    record Category(String name, Department department, String qualifier) {
    }

    /** What was written. */
    record Written(Path categories, Path products, int categoryCount, long productCount) {
    }

    private final ProductCatalog catalog;
    private final long seed;
    private final List<Category> categories;
    private final List<String> brands;
    private final List<String> adjectives;
    private final List<String> variants;

    DemoCatalog(ProductCatalog catalog, int categoryCount, long seed) {
        this.catalog = catalog;
        this.seed = seed;
        this.categories = categories(departments(), lines("prefixes.txt"), categoryCount, seed);
        this.brands = lines("brands.txt");
        this.adjectives = lines("adjectives.txt");
        this.variants = lines("variants.txt");
    }

    Category category(int categoryId) {
        return categories.get(categoryId - 1);
    }

    String categoryName(int categoryId) {
        return category(categoryId).name();
    }

    String productTitle(long productId) {
        Category category = category(catalog.category(productId, 0));
        Department department = category.department();
        long key = productId ^ ProductCatalog.mix(seed, 99);
        StringBuilder title = new StringBuilder(64)
                .append(pick(brands, key, 10)).append(' ')
                .append(pick(adjectives, key, 11)).append(' ');
        if (department.qualifierInTitle()) {
            title.append(category.qualifier()).append(' ');
        }
        return title.append(pick(department.nouns(), key, 12)).append(", ")
                .append(pick(variants, key, 13)).toString();
    }

    /** categories.tsv and products.tsv (each .gz when {@code gzip}) in {@code dir}, ids ascending. */
    Written write(Path dir, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        String suffix = gzip ? ".gz" : "";
        Path categoriesFile = dir.resolve(CATEGORIES_FILE + suffix);
        Path productsFile = dir.resolve(PRODUCTS_FILE + suffix);
        try (Writer out = writer(categoriesFile, gzip)) {
            for (int id = 1; id <= categories.size(); id++) {
                out.append(Integer.toString(id)).append('\t').append(categoryName(id)).append('\n');
            }
        }
        try (Writer out = writer(productsFile, gzip)) {
            for (long id = 1; id <= catalog.products(); id++) {
                out.append(Long.toString(id)).append('\t').append(productTitle(id)).append('\n');
            }
        }
        return new Written(categoriesFile, productsFile, categories.size(), catalog.products());
    }

    private static Writer writer(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        if (gzip) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    private static String pick(List<String> words, long key, int salt) {
        return words.get((int) (ProductCatalog.mix(key, salt) % words.size()));
    }

    /**
     * Every department x qualifier name, then the same names behind each prefix in turn, then numbered:
     * the first {@code count} of those, shuffled onto the ids 1..count by the seed.
     */
    static List<Category> categories(List<Department> departments, List<String> prefixes, int count, long seed) {
        List<Category> plain = new ArrayList<>();
        for (Department department : departments) {
            for (String qualifier : department.qualifiers()) {
                plain.add(new Category(department.categoryName(qualifier), department, qualifier));
            }
        }
        List<Category> chosen = new ArrayList<>(count);
        for (int level = 0; chosen.size() < count; level++) {
            for (int i = 0; i < plain.size() && chosen.size() < count; i++) {
                chosen.add(level == 0 ? plain.get(i) : named(plain.get(i), i, level, prefixes));
            }
        }
        Collections.shuffle(chosen, new Random(seed));
        return List.copyOf(chosen);
    }

    /** The {@code index}-th plain name at a level past the first: the prefixes take turns along the names. */
    private static Category named(Category category, int index, int level, List<String> prefixes) {
        String name = level <= prefixes.size()
                ? prefixes.get((index + level - 1) % prefixes.size()) + " " + category.name()
                : category.name() + " (" + (level - prefixes.size() + 1) + ")";
        return new Category(name, category.department(), category.qualifier());
    }

    static List<Department> departments() {
        List<Department> departments = new ArrayList<>();
        for (String line : lines("departments.tsv")) {
            String[] fields = line.split("\t");
            if (fields.length != 4) {
                throw new IllegalStateException("catalog/departments.tsv: not 4 tab-separated fields: " + line);
            }
            departments.add(new Department(fields[0], fields[1], List.of(fields[2].split("\\|")),
                    List.of(fields[3].split("\\|"))));
        }
        return departments;
    }

    /** A word list of the resources' catalog/ folder: its lines, without blank lines and # comments. */
    static List<String> lines(String file) {
        try (InputStream in = DemoCatalog.class.getResourceAsStream("/catalog/" + file)) {
            if (in == null) {
                throw new IllegalStateException("resource catalog/" + file + " is missing from the generator's jar");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
