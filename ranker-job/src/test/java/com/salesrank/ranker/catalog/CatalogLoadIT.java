package com.salesrank.ranker.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.salesrank.ranker.publish.DatabaseSettings;
import com.salesrank.ranker.publish.RankingPublisher;
import com.salesrank.ranker.publish.RunFacts;

/**
 * scripts/load-catalog.sh's tool against the local stack's salesrank database, as the catalog account
 * of V6. The ids here (categories from 7,000,001, products from 7,000,000,001) are no other test's;
 * the catalog is left empty afterwards, as a fresh stack has it.
 */
class CatalogLoadIT {

    private static final int FIRST_CATEGORY = 7_000_001;
    private static final long FIRST_PRODUCT = 7_000_000_001L;

    @TempDir
    Path tmp;

    /** What one run of the tool came to. */
    record Run(int exit, String out, String err) {
    }

    @AfterAll
    static void leaveTheCatalogEmpty(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.tsv"), "");
        assertThat(load("--categories", empty.toString(), "--products", empty.toString()).exit()).isZero();
    }

    @Test
    void loadsBothFilesWhateverTheirCharactersAndRecordsTheLoad() throws Exception {
        List<String> categories = List.of(FIRST_CATEGORY + "\tKitchen & Dining",
                (FIRST_CATEGORY + 1) + "\tScience Fiction Books",
                (FIRST_CATEGORY + 2) + "\tCafé \"Crème\" \\ Tee's \uD83D\uDE00"); // quotes, backslash, 4-byte UTF-8
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            products.add((FIRST_PRODUCT + i) + "\tNorthwind Kettle n\u00b0" + i + (i == 7 ? "\r" : "")); // one CRLF
        }
        products.add((FIRST_PRODUCT + 500) + "\t" + "é".repeat(512)); // exactly the column's 512 characters
        long before = newestLoadId();

        Run run = load("--categories", write("categories.tsv", categories).toString(),
                "--products", writeGzip("products.tsv.gz", products).toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("categories 3 rows", "products 501 rows", "0 bad skipped");
        assertThat(rows("SELECT category_id, name FROM categories ORDER BY category_id")).containsExactlyElementsOf(categories);
        List<String> expectedProducts = products.stream().map(l -> l.replace("\r", "")).toList();
        assertThat(rows("SELECT product_id, title FROM products ORDER BY product_id")).containsExactlyElementsOf(expectedProducts);
        List<String> load = rows("SELECT load_id, tables_loaded, category_rows, product_rows, bad_lines,"
                + " categories_source LIKE '%categories.tsv', products_source LIKE '%products.tsv.gz'"
                + " FROM catalog_loads ORDER BY load_id DESC LIMIT 1");
        assertThat(load).hasSize(1);
        assertThat(Long.parseLong(load.get(0).split("\t")[0])).isGreaterThan(before);
        assertThat(load.get(0)).endsWith("\tcategories,products\t3\t501\t0\t1\t1");
        assertThat(run.out()).contains("catalog load " + newestLoadId() + " live");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void loadsOnlyTheTableGivenAndLeavesTheOther() throws Exception {
        assertThat(load("--categories", write("c.tsv", List.of(FIRST_CATEGORY + "\tToys")).toString(),
                "--products", write("p.tsv", List.of(FIRST_PRODUCT + "\tOld title")).toString()).exit()).isZero();

        Run run = load("--products", write("p2.tsv", List.of(FIRST_PRODUCT + "\tNew title",
                (FIRST_PRODUCT + 1) + "\tAnother")).toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(rows("SELECT category_id, name FROM categories")).containsExactly(FIRST_CATEGORY + "\tToys");
        assertThat(rows("SELECT product_id, title FROM products ORDER BY product_id"))
                .containsExactly(FIRST_PRODUCT + "\tNew title", (FIRST_PRODUCT + 1) + "\tAnother");
        assertThat(rows("SELECT tables_loaded, category_rows IS NULL, product_rows, categories_source IS NULL"
                + " FROM catalog_loads ORDER BY load_id DESC LIMIT 1")).containsExactly("products\t1\t2\t1");
    }

    @Test
    void aFileWithMoreThanOnePercentBadLinesIsRefusedWithItsLineNumbersAndTheOldNamesStay() throws Exception {
        assertThat(load("--categories", write("c.tsv", List.of(FIRST_CATEGORY + "\tGarden")).toString(),
                "--products", write("p.tsv", List.of(FIRST_PRODUCT + "\tKept title")).toString()).exit()).isZero();
        long loadBefore = newestLoadId();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 95; i++) {
            lines.add(((FIRST_PRODUCT + i) + "\tNew title " + i).getBytes(StandardCharsets.UTF_8));
        }
        lines.add("12x\tbad id".getBytes(StandardCharsets.UTF_8));                                   // line 96
        lines.add(((FIRST_PRODUCT + 200) + "\t   ").getBytes(StandardCharsets.UTF_8));                 // line 97
        lines.add(((FIRST_PRODUCT + 201) + "\t" + "x".repeat(513)).getBytes(StandardCharsets.UTF_8)); // line 98
        lines.add(((FIRST_PRODUCT + 3) + "\tduplicate").getBytes(StandardCharsets.UTF_8));           // line 99
        lines.add(concat(((FIRST_PRODUCT + 202) + "\tbad \u00e9 ").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28}));                                              // line 100

        Run run = load("--categories", write("c2.tsv", List.of(FIRST_CATEGORY + "\tReplaced")).toString(),
                "--products", writeBytes("bad.tsv", lines).toString());

        assertThat(run.exit()).isEqualTo(CatalogTool.EXIT_REFUSED);
        assertThat(run.err())
                .contains("bad.tsv has 5 bad lines of 100, more than the 1 % allowed")
                .contains("nothing loaded, the live catalog is unchanged")
                .contains("bad.tsv line 96: bad product_id '12x'")
                .contains("bad.tsv line 97: empty title")
                .contains("bad.tsv line 98: title of 513 characters, over the column's limit of 512")
                .contains("bad.tsv line 99: duplicate product_id " + (FIRST_PRODUCT + 3))
                .contains("bad.tsv line 100: invalid UTF-8 in the title");
        assertThat(rows("SELECT category_id, name FROM categories")).containsExactly(FIRST_CATEGORY + "\tGarden");
        assertThat(rows("SELECT product_id, title FROM products")).containsExactly(FIRST_PRODUCT + "\tKept title");
        assertThat(newestLoadId()).as("no load recorded").isEqualTo(loadBefore);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFewBadLinesAreSkippedCountedAndReportedUpToTheCap() throws Exception {
        List<byte[]> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            if (i % 100 == 50) { // 10 bad lines of 1,000: exactly 1 %, which is allowed
                lines.add(i % 200 == 50 ? new byte[] {'1', '2', '\t', (byte) 0xE2, (byte) 0x82} // cut-off UTF-8
                        : ((FIRST_CATEGORY + i) + "").getBytes(StandardCharsets.US_ASCII));      // no name
            } else {
                lines.add(((FIRST_CATEGORY + i) + "\tCategory " + i).getBytes(StandardCharsets.US_ASCII));
                expected.add((FIRST_CATEGORY + i) + "\tCategory " + i);
            }
        }

        Run run = load("--categories", writeBytes("few-bad.tsv", lines).toString(), "--max-reported", "3");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("categories 990 rows", "1,000 lines, 10 bad skipped");
        assertThat(run.err()).contains("few-bad.tsv line 51: invalid UTF-8 in the name")
                .contains("few-bad.tsv line 151: missing name: no tab after the category_id")
                .contains("few-bad.tsv line 251: invalid UTF-8")
                .doesNotContain("line 351")
                .contains("7 more bad lines not shown");
        assertThat(rows("SELECT category_id, name FROM categories ORDER BY category_id")).containsExactlyElementsOf(expected);
        assertThat(rows("SELECT category_rows, bad_lines FROM catalog_loads ORDER BY load_id DESC LIMIT 1"))
                .containsExactly("990\t10");
    }

    @Test
    void aMissingFileFailsAndChangesNothing() throws Exception {
        assertThat(load("--categories", write("c.tsv", List.of(FIRST_CATEGORY + "\tBaby")).toString()).exit()).isZero();
        long loadBefore = newestLoadId();

        Run run = load("--categories", write("c2.tsv", List.of(FIRST_CATEGORY + "\tOther")).toString(),
                "--products", tmp.resolve("no-such-file.tsv").toString());

        assertThat(run.exit()).isEqualTo(CatalogTool.EXIT_FAILED);
        assertThat(run.err()).contains("cannot read", "no-such-file.tsv", "the live catalog is unchanged");
        assertThat(rows("SELECT category_id, name FROM categories")).containsExactly(FIRST_CATEGORY + "\tBaby");
        assertThat(newestLoadId()).isEqualTo(loadBefore);
        assertThat(leftovers()).isEmpty();
    }

    /**
     * Readers run the API's join (V1's ops_category_top10: the ranking LEFT JOIN categories LEFT JOIN
     * products) while both tables are swapped again and again: no query fails, and every answer names all
     * of its rows from one load, never a category from one and a product from another, never a gap.
     */
    @Test
    void readersOfTheJoinSeeOneWholeCatalogWhileItIsSwapped() throws Exception {
        int categories = 20;
        int ranks = 10;
        publishRanking(categories, ranks);
        int generations = 6;
        List<Path[]> files = new ArrayList<>();
        for (int g = 0; g < generations; g++) {
            List<String> c = new ArrayList<>();
            List<String> p = new ArrayList<>();
            for (int i = 0; i < categories; i++) {
                c.add((FIRST_CATEGORY + i) + "\tcategory g" + g);
            }
            for (int i = 0; i < 200_000; i++) { // enough for each load to take a while
                p.add((FIRST_PRODUCT + i) + "\tproduct g" + g);
            }
            files.add(new Path[] {write("c" + g + ".tsv", c), write("p" + g + ".tsv", p)});
        }
        assertThat(load("--categories", files.get(0)[0].toString(), "--products", files.get(0)[1].toString()).exit())
                .isZero();

        String query = "SELECT s.category_id, s.product_id, c.name, p.title FROM sales_rank s"
                + " LEFT JOIN categories c ON c.category_id = s.category_id"
                + " LEFT JOIN products p ON p.product_id = s.product_id"
                + " WHERE s.category_id BETWEEN " + FIRST_CATEGORY + " AND " + (FIRST_CATEGORY + categories - 1);
        AtomicBoolean loading = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        Set<String> generationsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread reader = new Thread(() -> {
                try (Connection c = reader(); Statement s = c.createStatement()) {
                    while (loading.get()) {
                        String problem = check(s, query, categories * ranks, generationsSeen);
                        if (problem != null) {
                            violations.add(problem);
                        }
                        reads.incrementAndGet();
                    }
                } catch (SQLException e) {
                    violations.add("reader failed: " + e);
                }
            }, "catalog-reader-" + t);
            reader.start();
            readers.add(reader);
        }
        try {
            for (int g = 1; g < generations; g++) {
                Run run = load("--categories", files.get(g)[0].toString(), "--products", files.get(g)[1].toString());
                assertThat(run.exit()).as(run.err()).isZero();
                long readsBefore = reads.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() >= readsBefore + 10);
            }
        } finally {
            loading.set(false);
            for (Thread reader : readers) {
                reader.join(30_000);
            }
        }
        assertThat(violations).isEmpty();
        assertThat(generationsSeen).as("the readers saw the catalog change").hasSizeGreaterThan(2);
    }

    @Test
    void theCatalogAccountCanWriteTheCatalogOnly() throws SQLException {
        try (Connection c = catalogAccount(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM categories").close();
            for (String sql : List.of(
                    "INSERT INTO sales_rank (category_id, product_id, total_sold, category_rank) VALUES (1, 1, 1, 999999)",
                    "DELETE FROM sales_rank",
                    "DROP TABLE sales_rank",
                    "CREATE TABLE sales_rank_staging LIKE sales_rank",
                    "DELETE FROM ranking_runs",
                    "INSERT INTO sales_rank_run VALUES (1, NOW(), NOW(), NOW())",
                    "CREATE TABLE something_else (id INT)",
                    "DELETE FROM catalog_loads",
                    "UPDATE catalog_loads SET bad_lines = 0",
                    "SELECT * FROM flyway_schema_history")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("denied");
            }
        }
        try (Connection c = reader(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT MAX(load_id) FROM catalog_loads").close();
            assertThatThrownBy(() -> s.execute("INSERT INTO categories VALUES (1, 'x')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String check(Statement s, String query, int expectedRows, Set<String> generationsSeen)
            throws SQLException {
        Set<String> generations = new HashSet<>();
        int rows = 0;
        try (ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                rows++;
                String name = rs.getString(3);
                String title = rs.getString(4);
                if (name == null || title == null) {
                    return "a row without its name: " + rs.getLong(1) + " " + rs.getLong(2) + " " + name + " " + title;
                }
                generations.add(name.substring(name.indexOf(" g") + 2));
                generations.add(title.substring(title.indexOf(" g") + 2));
            }
        }
        if (rows != expectedRows) {
            return rows + " rows instead of " + expectedRows;
        }
        if (generations.size() != 1) {
            return "names of several loads in one answer: " + generations;
        }
        generationsSeen.addAll(generations);
        return null;
    }

    /** A live ranking of the test's categories and products, published by the writer as the job does. */
    private void publishRanking(int categories, int ranks) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < categories; c++) {
            for (int r = 1; r <= ranks; r++) {
                lines.add((FIRST_CATEGORY + c) + "\t" + r + "\t" + (FIRST_PRODUCT + c * ranks + r) + "\t" + (1000 - r));
            }
        }
        Path dir = Files.createDirectories(tmp.resolve("ranking"));
        Files.write(dir.resolve("part-r-00000"), lines, StandardCharsets.US_ASCII);
        // a week long past: never fresher than a ranking another test or the demo publishes
        Instant start = Instant.parse("2021-01-04T00:00:00Z");
        new RankingPublisher(new DatabaseSettings(env("SALESRANK_DB_URL"), env("SALESRANK_DB_USER"),
                env("SALESRANK_DB_PASSWORD"))).publish(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration(),
                new RunFacts(start, start.plus(Duration.ofDays(7)), lines.size(), lines.size(), 0, 1));
    }

    static Run load(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CatalogTool tool = new CatalogTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), System.getenv());
        int exit;
        try {
            exit = tool.execute(new Configuration(), args);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(tmp.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private Path writeGzip(String name, List<String> lines) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    private Path writeBytes(String name, List<byte[]> lines) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
        return file;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static long newestLoadId() throws SQLException {
        List<String> rows = rows("SELECT COALESCE(MAX(load_id), 0) FROM catalog_loads");
        return Long.parseLong(rows.get(0));
    }

    /** Staging or old tables a load left behind (the catalog account sees the tables it may touch). */
    private static List<String> leftovers() throws SQLException {
        try (Connection c = catalogAccount()) {
            return rows(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME IN ('categories_staging', 'categories_old', 'products_staging', 'products_old')");
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        try (Connection c = reader()) {
            return rows(c, sql);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "\t" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static Connection reader() throws SQLException {
        return DriverManager.getConnection(env("SALESRANK_DB_URL"), env("SALESRANK_READER_USER"),
                env("SALESRANK_READER_PASSWORD"));
    }

    private static Connection catalogAccount() throws SQLException {
        return DriverManager.getConnection(env("SALESRANK_DB_URL"), env("SALESRANK_CATALOG_USER"),
                env("SALESRANK_CATALOG_PASSWORD"));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: this integration test needs the local stack."
                    + " Run `scripts/stack.sh up` and `eval \"$(scripts/stack.sh env)\"` first (or use scripts/test.sh)");
        }
        return value;
    }
}
