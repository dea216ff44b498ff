package com.salesrank.ranker.bench;

import com.salesrank.ranker.window.RankingWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's SQL contender: the same ranking computed by DuckDB (in-process, through its JDBC
 * driver) with {@code read_csv}, {@code GROUP BY} and {@code row_number()}, on a fixed number of threads.
 *
 * <p>The query applies the job's own validation ({@code SaleLineParser}), so both skip the same lines:
 * exactly 7 tab-separated fields, none empty; a timestamp {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm)}
 * naming a real instant (month, day of month, hour, minute, second, an offset of at most 18:00) inside the
 * window {@code [start, end)}; product id a canonical decimal in 1..2^63-1, category id and quantity in
 * 1..2^31-1 (no sign, no leading zero). DuckDbRankingTest checks the query against the parser, line kind by
 * line kind.
 *
 * <p>Usage: {@code DuckDbRanking WINDOW_END WINDOW_HOURS THREADS OUTPUT_FILE INPUT_DIR...}; writes the
 * job's line format (category, rank, product, total) sorted by category then rank.
 */
public final class DuckDbRanking {

    /**
     * Every column as text, so that validation is the query's, not the CSV sniffer's. No quoting: a quote is a
     * character like any other in the log. Not strict, so that a file may mix \n and \r\n line ends; that
     * also truncates a line with too many fields instead of failing it, so an eighth column catches those
     * ({@code extra} not NULL), {@code null_padding} makes a line with too few fields NULL in {@code buyer},
     * and the NULL string is a line feed, which no field can hold, so that an empty field stays an empty string.
     */
    private static final String READ = """
            read_csv(%s, delim = '\t', quote = '', escape = '', header = false, auto_detect = false,
                     comment = '', strict_mode = false, null_padding = true, nullstr = '\n', ignore_errors = true,
                     columns = {'ts': 'VARCHAR', 'product': 'VARCHAR', 'category': 'VARCHAR', 'qty': 'VARCHAR',
                                'price': 'VARCHAR', 'seller': 'VARCHAR', 'buyer': 'VARCHAR', 'extra': 'VARCHAR'})""";

    /**
     * days_from_civil (H. Hinnant), as SaleLineParser.epochDay: shifted by one 400-year era so that every
     * operand is non-negative and integer division ({@code //}) needs no floor.
     */
    private static final String EPOCH_DAY = """
            ((yy // 400) * 146097 + (yy % 400) * 365 + (yy % 400) // 4 - (yy % 400) // 100
             + (153 * (mo + CASE WHEN mo > 2 THEN -3 ELSE 9 END) + 2) // 5 + d - 1 - 719468 - 146097)""";

    static final String QUERY = """
            WITH fields AS (
              SELECT ts, product, category, qty
              FROM %1$s
              WHERE buyer IS NOT NULL AND extra IS NULL
                AND ts <> '' AND product <> '' AND category <> '' AND qty <> '' AND price <> '' AND seller <> ''
                AND buyer <> ''
            ),
            checked AS (
              SELECT ts, p AS product, c AS category, q AS qty
              FROM (SELECT ts, product, category, qty, TRY_CAST(product AS BIGINT) AS p,
                           TRY_CAST(category AS INTEGER) AS c, TRY_CAST(qty AS INTEGER) AS q FROM fields)
              WHERE regexp_full_match(ts, '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)')
                -- canonical decimals: what a cast reads back unchanged (no sign, space or leading zero), above 0
                AND p > 0 AND CAST(p AS VARCHAR) = product
                AND c > 0 AND CAST(c AS VARCHAR) = category
                AND q > 0 AND CAST(q AS VARCHAR) = qty
            ),
            parts AS (
              SELECT CAST(substr(ts, 1, 4) AS BIGINT) AS y, CAST(substr(ts, 6, 2) AS BIGINT) AS mo,
                     CAST(substr(ts, 9, 2) AS BIGINT) AS d, CAST(substr(ts, 12, 2) AS BIGINT) AS h,
                     CAST(substr(ts, 15, 2) AS BIGINT) AS mi, CAST(substr(ts, 18, 2) AS BIGINT) AS s,
                     CASE WHEN substr(ts, 20, 1) = '.'
                          THEN CAST(rpad(regexp_extract(ts, '\\.(\\d+)', 1), 9, '0') AS BIGINT) ELSE 0 END AS nano,
                     CASE WHEN ends_with(ts, 'Z') THEN 0 ELSE CAST(substr(ts, -5, 2) AS BIGINT) END AS oh,
                     CASE WHEN ends_with(ts, 'Z') THEN 0 ELSE CAST(substr(ts, -2, 2) AS BIGINT) END AS om,
                     CASE WHEN substr(ts, -6, 1) = '-' THEN -1 ELSE 1 END AS sign,
                     category, product, CAST(qty AS BIGINT) AS qty
              FROM checked
            ),
            instants AS (
              SELECT %2$s * 86400 + h * 3600 + mi * 60 + s - sign * (oh * 3600 + om * 60) AS second, nano,
                     category, product, qty
              FROM (SELECT *, CASE WHEN mo <= 2 THEN y - 1 ELSE y END + 400 AS yy FROM parts)
              WHERE mo BETWEEN 1 AND 12 AND d >= 1 AND h <= 23 AND mi <= 59 AND s <= 59
                AND om <= 59 AND oh * 3600 + om * 60 <= 18 * 3600
                AND d <= CASE WHEN mo = 2 THEN CASE WHEN y %% 4 = 0 AND (y %% 100 <> 0 OR y %% 400 = 0) THEN 29 ELSE 28 END
                              WHEN mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END
            ),
            totals AS (
              SELECT category, product, sum(qty) AS total
              FROM instants
              WHERE (second > $start_second OR (second = $start_second AND nano >= $start_nano))
                AND (second < $end_second OR (second = $end_second AND nano < $end_nano))
              GROUP BY category, product
            )
            SELECT category, row_number() OVER (PARTITION BY category ORDER BY total DESC, product) AS position,
                   product, total
            FROM totals
            ORDER BY category, position""".formatted(READ, EPOCH_DAY);

    private DuckDbRanking() {
    }

    public static void main(String[] args) throws IOException, SQLException {
        RankingWindow window = RankingWindow.ending(OffsetDateTime.parse(args[0]).toInstant(), Integer.parseInt(args[1]));
        int threads = Integer.parseInt(args[2]);
        List<Path> files = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            files.addAll(logFiles(Path.of(args[i])));
        }
        long rows = rank(files, window, threads, Path.of(args[3]));
        System.err.printf("duckdb: %,d files, %,d ranked rows%n", files.size(), rows);
    }

    /** The regular files under {@code root} (what the job reads of a plain directory), sorted. */
    static List<Path> logFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        }
    }

    /** Ranks {@code files} into {@code output}; returns the number of ranked rows. */
    static long rank(List<Path> files, RankingWindow window, int threads, Path output) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + threads);
            String copy = "COPY (" + QUERY.replace("%s", files.stream().map(f -> quote(f.toString()))
                            .collect(java.util.stream.Collectors.joining(", ", "[", "]")))
                    .replace("$start_second", Long.toString(window.start().getEpochSecond()))
                    .replace("$start_nano", Integer.toString(window.start().getNano()))
                    .replace("$end_second", Long.toString(window.end().getEpochSecond()))
                    .replace("$end_nano", Integer.toString(window.end().getNano()))
                    + ") TO " + quote(output.toString()) + " (FORMAT csv, DELIMITER '\t', HEADER false)";
            return statement.executeUpdate(copy);
        }
    }

    private static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }
}
