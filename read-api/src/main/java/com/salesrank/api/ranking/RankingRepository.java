package com.salesrank.api.ranking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.salesrank.api.replica.DatabaseNode;
import com.salesrank.api.replica.ReplicaRouter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Repository;

/**
 * Reads the live ranking from a replica chosen by the {@link ReplicaRouter}.
 * Each read is ONE statement joining the one-row sales_rank_run with
 * sales_rank: the publisher swaps both tables in one RENAME TABLE, and a
 * statement holds its metadata locks on both, so the window reported always
 * belongs to the rows returned. The LEFT JOIN keeps the run row when the
 * category (or product) has no rows, so "no sales" and "nothing published"
 * stay distinguishable.
 */
@Repository
class RankingRepository {

    // A rank range instead of LIMIT/OFFSET: an index range scan on
    // (category_id, category_rank) however deep the page is. Ranks are dense from 1.
    private static final String POPULAR = """
            SELECT m.run_id, m.window_start, m.window_end, m.published_at,
                   s.id, s.category_rank, s.product_id, s.total_sold
            FROM sales_rank_run m
            LEFT JOIN sales_rank s
              ON s.category_id = ? AND s.category_rank BETWEEN ? AND ?
            ORDER BY s.category_rank""";

    // The catalogue may not know a category: LEFT JOIN, and the name is then null.
    private static final String PRODUCT_RANKS = """
            SELECT m.run_id, m.window_start, m.window_end, m.published_at,
                   s.id, s.category_id, s.category_rank, s.total_sold, c.name
            FROM sales_rank_run m
            LEFT JOIN sales_rank s ON s.product_id = ?
            LEFT JOIN categories c ON c.category_id = s.category_id
            ORDER BY s.category_rank, s.category_id""";

    private static final String CURRENT_RUN = """
            SELECT run_id, window_start, window_end, published_at
            FROM sales_rank_run ORDER BY run_id DESC LIMIT 1""";

    private final ReplicaRouter router;

    RankingRepository(ReplicaRouter router) {
        this.router = router;
    }

    /**
     * Ranks {@code offset + 1} to {@code offset + limit} of the category.
     * (The extractors answer Optional: JdbcClient takes a null result for a bug.)
     *
     * @throws NoRankingPublishedException when nothing has been published
     */
    PopularProducts popular(int categoryId, int offset, int limit) {
        return router.read(jdbc -> jdbc.sql(POPULAR)
                .param(categoryId).param(offset + 1).param(offset + limit)
                .query((ResultSetExtractor<Optional<PopularProducts>>) rs ->
                        Optional.ofNullable(readPopular(categoryId, rs))))
                .orElseThrow(NoRankingPublishedException::new);
    }

    /** @throws NoRankingPublishedException when nothing has been published */
    ProductRanks productRanks(long productId) {
        return router.read(jdbc -> jdbc.sql(PRODUCT_RANKS)
                .param(productId)
                .query((ResultSetExtractor<Optional<ProductRanks>>) rs ->
                        Optional.ofNullable(readProductRanks(productId, rs))))
                .orElseThrow(NoRankingPublishedException::new);
    }

    /**
     * The live run on each replica that answers (empty when none does); a
     * replica with nothing published maps to an empty Optional.
     */
    Map<DatabaseNode, Optional<PublishedRun>> currentRunOnEachReplica() {
        return router.readEachReplica(jdbc -> jdbc.sql(CURRENT_RUN).query(
                (ResultSetExtractor<Optional<PublishedRun>>) rs -> rs.next() ? Optional.of(run(rs)) : Optional.empty()));
    }

    /** @return the live run, or null when nothing has been published */
    PublishedRun currentRun() {
        // Optional: JdbcClient refuses a null from the extractor, and an empty table is not an error
        return router.read(jdbc -> jdbc.sql(CURRENT_RUN).query((ResultSetExtractor<Optional<PublishedRun>>) rs ->
                rs.next() ? Optional.of(run(rs)) : Optional.empty())).orElse(null);
    }

    private static PopularProducts readPopular(int categoryId, ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        PublishedRun run = run(rs);
        List<PopularProducts.Item> items = new ArrayList<>();
        do {
            long id = rs.getLong(5);
            if (rs.wasNull()) {
                break; // the LEFT JOIN's lone run row: no sales in this category (or beyond its last rank)
            }
            items.add(new PopularProducts.Item(id, categoryId, rs.getInt(6), rs.getLong(7), rs.getLong(8)));
        } while (rs.next());
        return new PopularProducts(categoryId, run.runId(), run.windowStart(), run.windowEnd(), run.publishedAt(),
                List.copyOf(items));
    }

    private static ProductRanks readProductRanks(long productId, ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        PublishedRun run = run(rs);
        List<ProductRanks.CategoryRank> ranks = new ArrayList<>();
        do {
            long id = rs.getLong(5);
            if (rs.wasNull()) {
                break;
            }
            ranks.add(new ProductRanks.CategoryRank(id, rs.getInt(6), rs.getString(9), rs.getInt(7), rs.getLong(8)));
        } while (rs.next());
        return new ProductRanks(productId, run.runId(), run.windowStart(), run.windowEnd(), run.publishedAt(),
                List.copyOf(ranks));
    }

    private static PublishedRun run(ResultSet rs) throws SQLException {
        return new PublishedRun(rs.getLong(1), utc(rs, 2), utc(rs, 3), utc(rs, 4));
    }

    // DATETIME has no zone; the schema stores UTC.
    private static Instant utc(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
