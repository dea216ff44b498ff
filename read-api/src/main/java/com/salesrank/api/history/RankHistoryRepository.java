package com.salesrank.api.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.TreeMap;

import com.salesrank.api.replica.ReplicaRouter;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.api.run.RunScoped;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static com.salesrank.api.run.UtcColumns.sqlUtc;
import static com.salesrank.api.run.UtcColumns.utc;

/**
 * Reads the full ranking's history (sales_rank_history, written by the publisher) for the rank history
 * and movers endpoints.
 *
 * <p>The live run comes from sales_rank_run and sales_rank, in the same statement as anything read
 * from the history, and the history is read only for runs OLDER than the live one
 * ({@code h.run_id < m.run_id}): the publisher writes a run's history just after its swap, so a
 * reader must not rely on the live run's history rows being there yet. Older runs' rows never
 * change (until pruned after 30 days), so an answer is fixed by its live run: that is what makes it
 * cacheable under the run's key.
 */
@Repository
public class RankHistoryRepository {

    // The live point (at most one row: a product is once per category) and the older points, in one
    // statement; the LEFT JOINs keep the run row when there is neither. ix_sales_rank_history_product
    // (product_id, category_id, window_end) finds the older points.
    private static final String HISTORY = """
            SELECT m.run_id, m.window_start, m.window_end, m.published_at,
                   s.category_rank, s.total_sold,
                   h.window_end, h.run_id, h.category_rank, h.total_sold
            FROM sales_rank_run m
            LEFT JOIN sales_rank s
              ON s.product_id = ? AND s.category_id = ? AND s.category_rank <= ?
            LEFT JOIN sales_rank_history h
              ON h.product_id = ? AND h.category_id = ? AND h.run_id < m.run_id
             AND h.window_end > m.window_end - INTERVAL ? HOUR AND h.window_end < m.window_end
            ORDER BY h.window_end, h.run_id""";

    // The compared window: a backward scan of the history's primary key (window_end, run_id, ...) from
    // 24 hours before the live window end; it stops at the first row of an older run.
    // Also read by the best sellers page (BestSellersRepository), with the live run row as m.
    public static final String COMPARED_WITH = """
            (SELECT h.window_end FROM sales_rank_history h
                    WHERE h.window_end <= m.window_end - INTERVAL 24 HOUR AND h.run_id < m.run_id
                    ORDER BY h.window_end DESC LIMIT 1)""";

    private static final String LIVE_TOP = """
            SELECT m.run_id, m.window_start, m.window_end, m.published_at,
                   """ + COMPARED_WITH + """
             AS compared_with,
                   s.product_id, s.category_rank,
                   (SELECT g.name FROM categories g WHERE g.category_id = ?) AS category_name, p.title
            FROM sales_rank_run m
            LEFT JOIN sales_rank s ON s.category_id = ? AND s.category_rank <= ?
            LEFT JOIN products p ON p.product_id = s.product_id
            ORDER BY s.category_rank""";

    // The latest run published for the compared window (a window may have been published twice),
    // then that run's top of the category: primary-key lookups.
    private static final String COMPARED_TOP = """
            SELECT h.product_id, h.category_rank FROM sales_rank_history h
            WHERE h.window_end = ? AND h.category_id = ?
              AND h.run_id = (SELECT MAX(x.run_id) FROM sales_rank_history x
                              WHERE x.window_end = ? AND x.run_id < ?)""";

    // The live run and the compared window (as for one category's movers), for OVERALL_CLIMBERS.
    private static final String LIVE_COMPARED_WITH = """
            SELECT m.run_id, m.window_start, m.window_end, m.published_at,
                   """ + COMPARED_WITH + """
             AS compared_with
            FROM sales_rank_run m""";

    // Every category's climbers against the compared window's latest run older than the live one, only
    // the first N rows coming back; no row but the run's when the live run is no longer the one asked
    // for (a publish came in between the two statements). The categories come from a loose index scan
    // of sales_rank's primary key (SELECT DISTINCT category_id, as the best sellers index reads them),
    // then each one's top 100 is a primary-key range, and each of those rows looks its product up in the
    // compared run through ix_sales_rank_history_product (product_id, category_id, window_end): one
    // entry, covering (the primary key's run_id and category_rank ride along). The compared window is a
    // parameter, read by the statement before, not a subquery: as a constant it prunes the history to
    // one day's partition and makes that index the obvious choice, whereas MariaDB merges a derived
    // table holding it into the join and evaluates its subqueries again for every row looked up.
    private static final String OVERALL_CLIMBERS = """
            SELECT m.run_id, t.category_id, t.product_id, t.category_rank, t.previous_rank, t.climb, g.name, p.title
            FROM sales_rank_run m
            LEFT JOIN (
              SELECT s.category_id, s.product_id, s.category_rank, h.category_rank AS previous_rank,
                     COALESCE(h.category_rank, ?) - s.category_rank AS climb
              FROM (SELECT DISTINCT category_id FROM sales_rank) k
              JOIN sales_rank s ON s.category_id = k.category_id AND s.category_rank <= ?
              LEFT JOIN sales_rank_history h
                ON h.product_id = s.product_id AND h.category_id = s.category_id AND h.window_end = ?
               AND h.run_id = (SELECT MAX(x.run_id) FROM sales_rank_history x WHERE x.window_end = ? AND x.run_id < ?)
               AND h.category_rank <= ?
              WHERE COALESCE(h.category_rank, ?) > s.category_rank
              ORDER BY climb DESC, s.category_rank, s.category_id, s.product_id
              LIMIT ?) t ON TRUE
            LEFT JOIN categories g ON g.category_id = t.category_id
            LEFT JOIN products p ON p.product_id = t.product_id
            WHERE m.run_id = ?
            ORDER BY t.climb DESC, t.category_rank, t.category_id, t.product_id""";

    private final ReplicaRouter router;

    RankHistoryRepository(ReplicaRouter router) {
        this.router = router;
    }

    /**
     * The product's points in the category over the {@code hours} up to the live window end.
     *
     * @throws NoRankingPublishedException when nothing has been published
     */
    CompletableFuture<RunScoped<RankHistory>> history(long productId, int categoryId, int hours) {
        return router.readAsync(jdbc -> jdbc.sql(HISTORY)
                .param(productId).param(categoryId).param(MoverSelection.TOP)
                .param(productId).param(categoryId).param(hours)
                .query((ResultSetExtractor<Optional<RunScoped<RankHistory>>>) rs ->
                        Optional.ofNullable(readHistory(productId, categoryId, rs)))
                .orElseThrow(NoRankingPublishedException::new));
    }

    /**
     * The category's movers against the ranking 24 hours before the live one.
     *
     * @throws NoRankingPublishedException when nothing has been published
     */
    CompletableFuture<RunScoped<Movers>> movers(int categoryId, int limit) {
        return router.readAsync(jdbc -> {
            LiveTop live = jdbc.sql(LIVE_TOP).param(categoryId).param(categoryId).param(MoverSelection.TOP)
                    .query((ResultSetExtractor<Optional<LiveTop>>) rs -> Optional.ofNullable(readLiveTop(rs)))
                    .orElseThrow(NoRankingPublishedException::new);
            if (live.comparedWith() == null) {
                return new RunScoped<>(live.run(), new Movers(categoryId, live.categoryName(), live.run().windowEnd(), null, List.of()));
            }
            // the same database as the live run: it has every run older than that one
            Map<Long, Integer> previous = comparedTop(jdbc, live.comparedWith(), categoryId, live.run().runId());
            return new RunScoped<>(live.run(), new Movers(categoryId, live.categoryName(), live.run().windowEnd(), live.comparedWith(),
                    MoverSelection.select(live.top(), previous, limit)));
        });
    }

    /**
     * The biggest climbers of every category's live top 100 against the ranking 24 hours before the
     * live one: {@link MoverSelection}'s rule across categories, then category and product id. Two
     * statements on one database: the live run with its compared window, then the climbers.
     *
     * @throws NoRankingPublishedException when nothing has been published
     */
    CompletableFuture<RunScoped<OverallMovers>> overallMovers(int limit) {
        return router.readAsync(jdbc -> {
            // a publish between the two statements makes the second answer nothing: read again
            for (int attempt = 1; ; attempt++) {
                LiveComparedWith live = jdbc.sql(LIVE_COMPARED_WITH)
                        .query((ResultSetExtractor<Optional<LiveComparedWith>>) rs -> Optional.ofNullable(rs.next()
                                ? new LiveComparedWith(run(rs), utc(rs, 5)) : null))
                        .orElseThrow(NoRankingPublishedException::new);
                if (live.comparedWith() == null) {
                    return new RunScoped<>(live.run(), new OverallMovers(live.run().windowEnd(), null, List.of()));
                }
                Optional<List<OverallMovers.Item>> climbers = climbers(jdbc, live, limit);
                if (climbers.isPresent()) {
                    return new RunScoped<>(live.run(),
                            new OverallMovers(live.run().windowEnd(), live.comparedWith(), climbers.get()));
                }
                if (attempt == 3) {
                    throw new TransientDataAccessResourceException(
                            "the live run changed under each of " + attempt + " reads of the overall movers");
                }
            }
        });
    }

    private static Optional<List<OverallMovers.Item>> climbers(JdbcClient jdbc, LiveComparedWith live, int limit) {
        String comparedWith = sqlUtc(live.comparedWith());
        return jdbc.sql(OVERALL_CLIMBERS)
                .param(MoverSelection.JUST_BELOW_TOP).param(MoverSelection.TOP)
                .param(comparedWith).param(comparedWith).param(live.run().runId())
                .param(MoverSelection.TOP).param(MoverSelection.JUST_BELOW_TOP).param(limit)
                .param(live.run().runId())
                .query((ResultSetExtractor<Optional<List<OverallMovers.Item>>>) rs -> {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    List<OverallMovers.Item> items = new ArrayList<>();
                    do {
                        int categoryId = rs.getInt(2);
                        if (rs.wasNull()) {
                            break; // the LEFT JOIN's lone run row: nothing climbed
                        }
                        items.add(new OverallMovers.Item(categoryId, rs.getString(7), rs.getLong(3), rs.getString(8),
                                rs.getInt(4), rs.getObject(5, Integer.class), rs.getInt(6)));
                    } while (rs.next());
                    return Optional.of(List.copyOf(items));
                });
    }

    /**
     * Product id to rank in the category's top 100 of the compared window's latest run older than the
     * live one ({@code comparedWith} from {@link #COMPARED_WITH}), read on the database that answered
     * for the live run: it has every run older than that one.
     */
    public static Map<Long, Integer> comparedTop(JdbcClient jdbc, Instant comparedWith, int categoryId, long liveRunId) {
        return jdbc.sql(COMPARED_TOP)
                .param(sqlUtc(comparedWith)).param(categoryId)
                .param(sqlUtc(comparedWith)).param(liveRunId)
                .query((ResultSetExtractor<Map<Long, Integer>>) rs -> {
                    Map<Long, Integer> ranks = new HashMap<>();
                    while (rs.next()) {
                        ranks.put(rs.getLong(1), rs.getInt(2));
                    }
                    return ranks;
                });
    }

    private record LiveComparedWith(PublishedRun run, Instant comparedWith) {
    }

    private record LiveTop(PublishedRun run, Instant comparedWith, String categoryName, List<MoverSelection.Ranked> top) {
    }

    private static RunScoped<RankHistory> readHistory(long productId, int categoryId, ResultSet rs)
            throws SQLException {
        if (!rs.next()) {
            return null;
        }
        PublishedRun run = run(rs);
        Integer liveRank = rs.getObject(5, Integer.class);
        long liveTotal = rs.getLong(6);
        // one point per window end: rows come by window end then run, so the latest run's row wins
        TreeMap<Instant, RankHistory.Point> points = new TreeMap<>();
        do {
            Instant windowEnd = utc(rs, 7);
            if (windowEnd != null) {
                points.put(windowEnd, new RankHistory.Point(windowEnd, rs.getInt(9), rs.getLong(10)));
            }
        } while (rs.next());
        if (liveRank != null) {
            points.put(run.windowEnd(), new RankHistory.Point(run.windowEnd(), liveRank, liveTotal));
        }
        return new RunScoped<>(run, new RankHistory(productId, categoryId, List.copyOf(points.values())));
    }

    private static LiveTop readLiveTop(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        PublishedRun run = run(rs);
        Instant comparedWith = utc(rs, 5);
        String categoryName = rs.getString(8);
        List<MoverSelection.Ranked> top = new ArrayList<>();
        do {
            long productId = rs.getLong(6);
            if (rs.wasNull()) {
                break; // the LEFT JOIN's lone run row: no sales in this category
            }
            top.add(new MoverSelection.Ranked(productId, rs.getInt(7), rs.getString(9)));
        } while (rs.next());
        return new LiveTop(run, comparedWith, categoryName, top);
    }

    private static PublishedRun run(ResultSet rs) throws SQLException {
        return PublishedRun.read(rs, 0);
    }


}
