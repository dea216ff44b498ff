package com.salesrank.api.bestsellers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.history.MoverSelection;
import com.salesrank.api.history.RankHistoryRepository;
import com.salesrank.api.replica.ReplicaRouter;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.api.run.UtcColumns;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads what the best sellers page adds to a page of /api/v1/popular (whose rows it shows as they are
 * served, the head's where the head is fresher): the live full run with the compared window, the
 * category's count and name in ONE statement, then, for the page's products only, their ranks in the
 * compared ranking and in the last 7 days' rankings. Those two read only runs OLDER than the live full
 * run the first statement saw, whose history rows never change, so the statements agree even if a
 * publish lands in between.
 */
@Repository
class BestSellersRepository {

    static final Duration SPARKLINE = Duration.ofDays(7);

    // The count is one index range on (category_id, category_rank), capped at the history's top 100:
    // the pages go no deeper than the ranks whose change and history are known.
    private static final String PAGE = """
            SELECT m.run_id, m.window_start, m.window_end, m.published_at,
                   """ + RankHistoryRepository.COMPARED_WITH + """
             AS compared_with,
                   (SELECT COUNT(*) FROM sales_rank c WHERE c.category_id = ? AND c.category_rank <= ?) AS ranked
            FROM sales_rank_run m""";

    // The sparklines' x axis: every full ranking published in the 7 days before the live one (the run
    // history; ix_ranking_runs_window), not only the windows where one of the page's products placed.
    private static final String WINDOWS = """
            SELECT DISTINCT r.window_end FROM ranking_runs r
            WHERE r.window_end > ? AND r.window_end < ? AND r.run_id < ? AND r.ranking = 'full'
            ORDER BY r.window_end""";

    // ix_sales_rank_history_product (product_id, category_id, window_end): one range per product.
    private static final String POINTS = """
            SELECT h.product_id, h.window_end, h.category_rank FROM sales_rank_history h
            WHERE h.product_id IN (:products) AND h.category_id = :category AND h.run_id < :live
              AND h.window_end > :from AND h.window_end < :to
            ORDER BY h.window_end, h.run_id""";

    private final ReplicaRouter router;

    BestSellersRepository(ReplicaRouter router) {
        this.router = router;
    }

    /**
     * The page's rows as /api/v1/popular served them, with their change and sparklines.
     *
     * @param served the popular page's run (the head's or the full one's) and rows, best first
     * @throws NoRankingPublishedException when no full ranking has been published
     */
    CompletableFuture<BestSellers> read(int categoryId, String categoryName, int page, int pageSize, PublishedRun served,
            List<LiveRow> rows) {
        return router.readAsync(jdbc -> {
            Live live = jdbc.sql(PAGE)
                    .param(categoryId).param(MoverSelection.TOP)
                    .query((ResultSetExtractor<Optional<Live>>) rs -> Optional.ofNullable(readLive(rs)))
                    .orElseThrow(NoRankingPublishedException::new);
            PublishedRun run = live.run();
            int ranked = Math.max(live.ranked(), rows.isEmpty() ? 0 : rows.get(rows.size() - 1).rank());
            if (rows.isEmpty()) {
                return new BestSellers(categoryId, categoryName, served, run, live.comparedWith(), page, pageSize,
                        ranked, List.of(), List.of());
            }
            Map<Long, Integer> previous = live.comparedWith() == null ? Map.of()
                    : RankHistoryRepository.comparedTop(jdbc, live.comparedWith(), categoryId, run.runId());
            List<Instant> windows = windows(jdbc, run);
            if (served.windowEnd().isAfter(run.windowEnd())) {
                windows.add(served.windowEnd()); // the head's, fresher than the full ranking's
            }
            Map<Long, Map<Instant, Integer>> points = points(jdbc, categoryId, run, rows);
            List<BestSellers.Row> shown = new ArrayList<>();
            for (LiveRow row : rows) {
                Map<Instant, Integer> placed = points.getOrDefault(row.productId(), Map.of());
                List<Integer> ranks = new ArrayList<>();
                for (Instant window : windows) {
                    ranks.add(window.equals(served.windowEnd()) ? Integer.valueOf(row.rank()) : placed.get(window));
                }
                shown.add(new BestSellers.Row(row.rank(), row.productId(), row.title(), row.totalSold(),
                        BestSellers.Change.of(live.comparedWith(), previous.get(row.productId()), row.rank()),
                        Collections.unmodifiableList(ranks)));
            }
            return new BestSellers(categoryId, categoryName, served, run, live.comparedWith(), page, pageSize,
                    ranked, List.copyOf(windows), List.copyOf(shown));
        });
    }

    /** The older full rankings' window ends in the 7 days up to the live one, then the live one. */
    private static List<Instant> windows(JdbcClient jdbc, PublishedRun run) {
        List<Instant> windows = new ArrayList<>(jdbc.sql(WINDOWS)
                .param(UtcColumns.sqlUtc(run.windowEnd().minus(SPARKLINE)))
                .param(UtcColumns.sqlUtc(run.windowEnd())).param(run.runId())
                .query((rs, i) -> utc(rs, 1)).list());
        windows.add(run.windowEnd());
        return windows;
    }

    /** Product to its rank per window end (the latest run of a window published twice). */
    private static Map<Long, Map<Instant, Integer>> points(JdbcClient jdbc, int categoryId, PublishedRun run,
            List<LiveRow> rows) {
        Map<Long, Map<Instant, Integer>> points = new HashMap<>();
        if (rows.isEmpty()) {
            return points;
        }
        jdbc.sql(POINTS)
                .param("products", rows.stream().map(LiveRow::productId).toList())
                .param("category", categoryId)
                .param("live", run.runId())
                .param("from", UtcColumns.sqlUtc(run.windowEnd().minus(SPARKLINE)))
                .param("to", UtcColumns.sqlUtc(run.windowEnd()))
                .query((RowCallbackHandler) rs -> {
                    points.computeIfAbsent(rs.getLong(1), p -> new HashMap<>()).put(utc(rs, 2), rs.getInt(3));
                });
        return points;
    }

    private record Live(PublishedRun run, Instant comparedWith, int ranked) {
    }

    /** A row of the popular page the best sellers page shows. */
    record LiveRow(int rank, long productId, long totalSold, String title) {
    }

    private static Live readLive(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        PublishedRun run = new PublishedRun(rs.getLong(1), utc(rs, 2), utc(rs, 3), utc(rs, 4));
        return new Live(run, utc(rs, 5), rs.getInt(6));
    }

    // DATETIME has no zone; the schema stores UTC.
    private static Instant utc(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
