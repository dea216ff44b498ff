package com.salesrank.api.ranking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.replica.ReplicaRouter;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.contract.Ranking;
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
 *
 * (The live runs themselves are read by {@code LiveRunRepository}.)
 *
 * <p>The head ranking (sales_rank_head with its one-row sales_rank_head_run) is swapped the same
 * way; a statement that may answer from it reads both run rows and takes its rows from one of the
 * two rankings only.
 */
@Repository
public class RankingRepository {

    // A rank range instead of LIMIT/OFFSET: an index range scan on
    // (category_id, category_rank) however deep the page is. Ranks are dense from 1.
    // No ORDER BY: after the join with the one-row run table it costs the database a temporary table
    // and a filesort per read, for a page of at most PopularQuery.MAX_LIMIT rows that readPopular sorts itself.
    // The category's name by a join rather than a scalar subquery, which is the dearer of the two.
    private static final String POPULAR = """
            SELECT m.run_id, m.window_start, m.window_end, m.published_at,
                   s.id, s.category_rank, s.product_id, s.total_sold, c.name AS category_name, p.title
            FROM sales_rank_run m
            LEFT JOIN categories c ON c.category_id = ?
            LEFT JOIN sales_rank s
              ON s.category_id = ? AND s.category_rank BETWEEN ? AND ?
            LEFT JOIN products p ON p.product_id = s.product_id""";

    // How many products a category's full ranking holds: its deepest rank (ranks are dense from 1),
    // one dive into the primary key (category_id, category_rank), never a count. ORDER BY ... DESC
    // LIMIT 1 rather than MAX(): a correlated MAX() may read the category's whole index range, a
    // backward range read with a limit stops at its first row.
    private static final String RANKED_IN_FULL = deepestRank("sales_rank", "s") + "\n";

    // The catalogue may not know a category: LEFT JOIN, and the name is then null.
    private static final String PRODUCT_RANKS = """
            SELECT m.run_id, m.window_start, m.window_end, m.published_at,
                   s.id, s.category_id, s.category_rank, s.total_sold, c.name,
                   """ + RANKED_IN_FULL + """
            FROM sales_rank_run m
            LEFT JOIN sales_rank s ON s.product_id = ?
            LEFT JOIN categories c ON c.category_id = s.category_id
            ORDER BY s.category_rank, s.category_id""";

    // Pages within the head's K: ONE statement reads both run rows and the page's rows from
    // whichever ranking is newer (by window end; a tie goes to the full ranking). Each branch keeps
    // its lone run row only when the other ranking is not newer (an anti-join on the one-row run
    // tables), so exactly one branch answers and the rows never mix runs; the decision is made
    // under the same metadata locks as the read, so a swap cannot slip in between. No ORDER BY and
    // the name by a join, as in POPULAR.
    private static final String POPULAR_NEWER = """
            SELECT 'head' AS ranking, m.run_id, m.window_start, m.window_end, m.published_at,
                   s.id, s.category_rank, s.product_id, s.total_sold, c.name AS category_name, p.title
            FROM sales_rank_head_run m
            LEFT JOIN sales_rank_run f ON f.window_end >= m.window_end
            LEFT JOIN categories c ON c.category_id = ?
            LEFT JOIN sales_rank_head s
              ON s.category_id = ? AND s.category_rank BETWEEN ? AND ?
            LEFT JOIN products p ON p.product_id = s.product_id
            WHERE f.run_id IS NULL
            UNION ALL
            SELECT 'full', m.run_id, m.window_start, m.window_end, m.published_at,
                   s.id, s.category_rank, s.product_id, s.total_sold, c.name, p.title
            FROM sales_rank_run m
            LEFT JOIN sales_rank_head_run h ON h.window_end > m.window_end
            LEFT JOIN categories c ON c.category_id = ?
            LEFT JOIN sales_rank s
              ON s.category_id = ? AND s.category_rank BETWEEN ? AND ?
            LEFT JOIN products p ON p.product_id = s.product_id
            WHERE h.run_id IS NULL""";

    // The product in both rankings, with both run rows, in ONE statement: ProductRankRows decides.
    private static final String PRODUCT_RANKS_BOTH = """
            SELECT 'head' AS ranking, m.run_id, m.window_start, m.window_end, m.published_at,
                   s.id, s.category_id, s.category_rank, s.total_sold, c.name,
                   GREATEST(COALESCE(""" + RANKED_IN_FULL + """
            , 0), """ + deepestRank("sales_rank_head", "s") + """
            )
            FROM sales_rank_head_run m
            LEFT JOIN sales_rank_head s ON s.product_id = ?
            LEFT JOIN categories c ON c.category_id = s.category_id
            UNION ALL
            SELECT 'full', m.run_id, m.window_start, m.window_end, m.published_at,
                   s.id, s.category_id, s.category_rank, s.total_sold, c.name,
                   """ + RANKED_IN_FULL + """
            FROM sales_rank_run m
            LEFT JOIN sales_rank s ON s.product_id = ?
            LEFT JOIN categories c ON c.category_id = s.category_id""";

    // A product's neighbourhood in one category in both rankings, with both run rows, in ONE statement:
    // t finds the product (ix on product_id), s the range around its rank (the primary key), and
    // NeighborRows decides which ranking answers. A ranking never published has no run row, so no rows.
    private static final String NEIGHBORS_BOTH = """
            SELECT 'head' AS ranking, m.run_id, m.window_start, m.window_end, m.published_at,
                   t.category_rank AS product_rank,
                   GREATEST(COALESCE(""" + deepestRank("sales_rank", "t") + """
            , 0), """ + deepestRank("sales_rank_head", "t") + """
            ) AS ranked,
                   (SELECT g.name FROM categories g WHERE g.category_id = ?) AS category_name,
                   s.category_rank, s.product_id, s.total_sold, p.title
            FROM sales_rank_head_run m
            LEFT JOIN sales_rank_head t ON t.product_id = ? AND t.category_id = ?
            LEFT JOIN sales_rank_head s
              ON s.category_id = t.category_id AND s.category_rank BETWEEN t.category_rank - ? AND t.category_rank + ?
            LEFT JOIN products p ON p.product_id = s.product_id
            UNION ALL
            SELECT 'full', m.run_id, m.window_start, m.window_end, m.published_at,
                   t.category_rank,
                   """ + deepestRank("sales_rank", "t") + """
            ,
                   (SELECT g.name FROM categories g WHERE g.category_id = ?),
                   s.category_rank, s.product_id, s.total_sold, p.title
            FROM sales_rank_run m
            LEFT JOIN sales_rank t ON t.product_id = ? AND t.category_id = ?
            LEFT JOIN sales_rank s
              ON s.category_id = t.category_id AND s.category_rank BETWEEN t.category_rank - ? AND t.category_rank + ?
            LEFT JOIN products p ON p.product_id = s.product_id
            ORDER BY category_rank""";

    private final ReplicaRouter router;

    /** The deepest rank of the category of {@code row}'s row in {@code table}: one backward dive. */
    private static String deepestRank(String table, String row) {
        return "(SELECT d.category_rank FROM " + table + " d WHERE d.category_id = " + row
                + ".category_id ORDER BY d.category_rank DESC LIMIT 1)";
    }

    RankingRepository(ReplicaRouter router) {
        this.router = router;
    }

    /**
     * Ranks {@code offset + 1} to {@code offset + limit} of the category.
     * (The extractors answer Optional: JdbcClient takes a null result for a bug.)
     *
     * @throws NoRankingPublishedException when nothing has been published
     */
    CompletableFuture<PopularProducts> popular(int categoryId, int offset, int limit) {
        return router.readAsync(jdbc -> jdbc.sql(POPULAR)
                .param(categoryId).param(categoryId).param(offset + 1).param(offset + limit)
                .query((ResultSetExtractor<Optional<PopularProducts>>) rs ->
                        Optional.ofNullable(readPopular(categoryId, rs, 0)))
                .orElseThrow(NoRankingPublishedException::new));
    }

    /** @throws NoRankingPublishedException when nothing has been published */
    CompletableFuture<ProductRanks> productRanks(long productId) {
        return router.readAsync(jdbc -> jdbc.sql(PRODUCT_RANKS)
                .param(productId)
                .query((ResultSetExtractor<Optional<ProductRanks>>) rs ->
                        Optional.ofNullable(readProductRanks(productId, rs)))
                .orElseThrow(NoRankingPublishedException::new));
    }

    /**
     * Ranks {@code offset + 1} to {@code offset + limit} of the category from whichever ranking is
     * newer: the head (whose K the caller has checked covers the page) or the full ranking.
     *
     * @throws NoRankingPublishedException when neither ranking has been published
     */
    CompletableFuture<PopularProducts> popularFromNewer(int categoryId, int offset, int limit) {
        // Optional: JdbcClient takes a null from an extractor for a bug
        return router.readAsync(jdbc -> jdbc.sql(POPULAR_NEWER)
                .param(categoryId).param(categoryId).param(offset + 1).param(offset + limit)
                .param(categoryId).param(categoryId).param(offset + 1).param(offset + limit)
                .query((ResultSetExtractor<Optional<PopularProducts>>) rs ->
                        Optional.ofNullable(readPopular(categoryId, rs, 1)))
                .orElseThrow(NoRankingPublishedException::new));
    }

    /** The product's rows in both rankings with both runs, read in one statement. */
    CompletableFuture<ProductRankRows> productRanksInBoth(long productId) {
        return router.readAsync(jdbc -> jdbc.sql(PRODUCT_RANKS_BOTH)
                .param(productId).param(productId)
                .query((ResultSetExtractor<ProductRankRows>) rs -> readBoth(productId, rs)));
    }

    /** The product's neighbourhood in the category in both rankings, with both runs, read in one statement. */
    CompletableFuture<NeighborRows> neighbors(long productId, int categoryId, int above, int below) {
        return router.readAsync(jdbc -> jdbc.sql(NEIGHBORS_BOTH)
                .param(categoryId).param(productId).param(categoryId).param(above).param(below)
                .param(categoryId).param(productId).param(categoryId).param(above).param(below)
                .query((ResultSetExtractor<NeighborRows>) rs -> readNeighbors(productId, categoryId, rs)));
    }

    private static NeighborRows readNeighbors(long productId, int categoryId, ResultSet rs) throws SQLException {
        String categoryName = null;
        NeighborRows.Side[] sides = new NeighborRows.Side[2]; // head, full
        List<List<NeighborRows.Row>> rows = List.of(new ArrayList<>(), new ArrayList<>());
        while (rs.next()) {
            int side = ranking(rs.getString(1)) == Ranking.HEAD ? 0 : 1;
            if (sides[side] == null) {
                sides[side] = new NeighborRows.Side(PublishedRun.read(rs, 1), rs.getObject(6, Integer.class),
                        rs.getInt(7), rows.get(side));
                categoryName = categoryName != null ? categoryName : rs.getString(8);
            }
            int rank = rs.getInt(9);
            if (!rs.wasNull()) {
                rows.get(side).add(new NeighborRows.Row(rank, rs.getLong(10), rs.getString(12), rs.getLong(11)));
            }
        }
        return new NeighborRows(productId, categoryId, categoryName, sides[0], sides[1]);
    }

    /**
     * The page's rows in rank order, whatever order the statement returned them in.
     *
     * @param shift 1 when the first column names the ranking (the two-ranking statement), else 0
     */
    static PopularProducts readPopular(int categoryId, ResultSet rs, int shift) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        Ranking ranking = shift == 0 ? Ranking.FULL : ranking(rs.getString(1));
        PublishedRun run = PublishedRun.read(rs, shift);
        String categoryName = rs.getString(9 + shift);
        List<PopularProducts.Item> items = new ArrayList<>();
        do {
            long id = rs.getLong(5 + shift);
            if (rs.wasNull()) {
                break; // the LEFT JOIN's lone run row: no sales in this category (or beyond its last rank)
            }
            items.add(new PopularProducts.Item(id, categoryId, rs.getInt(6 + shift), rs.getLong(7 + shift),
                    rs.getString(10 + shift), rs.getLong(8 + shift)));
        } while (rs.next());
        items.sort(Comparator.comparingInt(PopularProducts.Item::rank));
        return new PopularProducts(categoryId, categoryName, run.runId(), ranking, run.windowStart(), run.windowEnd(),
                run.publishedAt(), List.copyOf(items));
    }

    private static ProductRankRows readBoth(long productId, ResultSet rs) throws SQLException {
        PublishedRun full = null;
        PublishedRun head = null;
        List<ProductRanks.CategoryRank> fullRanks = new ArrayList<>();
        List<ProductRanks.CategoryRank> headRanks = new ArrayList<>();
        while (rs.next()) {
            Ranking ranking = ranking(rs.getString(1));
            PublishedRun run = PublishedRun.read(rs, 1);
            if (ranking == Ranking.HEAD) {
                head = run;
            } else {
                full = run;
            }
            long id = rs.getLong(6);
            if (!rs.wasNull()) {
                (ranking == Ranking.HEAD ? headRanks : fullRanks).add(ProductRanks.CategoryRank.of(id,
                        rs.getInt(7), rs.getString(10), rs.getInt(8), rs.getInt(11), rs.getLong(9), ranking,
                        run.runId()));
            }
        }
        return new ProductRankRows(productId, full, List.copyOf(fullRanks), head, List.copyOf(headRanks));
    }

    private static Ranking ranking(String column) {
        return Ranking.HEAD.label().equals(column) ? Ranking.HEAD : Ranking.FULL;
    }

    private static ProductRanks readProductRanks(long productId, ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        PublishedRun run = PublishedRun.read(rs, 0);
        List<ProductRanks.CategoryRank> ranks = new ArrayList<>();
        do {
            long id = rs.getLong(5);
            if (rs.wasNull()) {
                break;
            }
            ranks.add(ProductRanks.CategoryRank.of(id, rs.getInt(6), rs.getString(9), rs.getInt(7), rs.getInt(10),
                    rs.getLong(8), Ranking.FULL, run.runId()));
        } while (rs.next());
        return ProductRanks.of(productId, Ranking.FULL, run, List.copyOf(ranks));
    }
}
