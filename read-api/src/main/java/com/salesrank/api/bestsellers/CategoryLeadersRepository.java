package com.salesrank.api.bestsellers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.replica.ReplicaRouter;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.run.PublishedRun;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Repository;

/**
 * Reads every category's #1 in ONE statement from whichever ranking is newer (by window end; a tie
 * goes to the full ranking), with the same anti-join on the one-row run tables as RankingRepository's
 * pages within the head. The categories come from a loose index scan of the primary key's first column
 * (SELECT DISTINCT category_id: one dive per category, not a scan of the ranking), then rank 1 of each
 * is a primary-key lookup.
 */
@Repository
class CategoryLeadersRepository {

    private static final String LEADERS = """
            SELECT 'head' AS ranking, m.run_id, m.window_start, m.window_end, m.published_at,
                   s.category_id, s.product_id, s.total_sold, c.name, p.title
            FROM sales_rank_head_run m
            LEFT JOIN sales_rank_run f ON f.window_end >= m.window_end
            LEFT JOIN (SELECT DISTINCT category_id FROM sales_rank_head) k ON TRUE
            LEFT JOIN sales_rank_head s ON s.category_id = k.category_id AND s.category_rank = 1
            LEFT JOIN categories c ON c.category_id = s.category_id
            LEFT JOIN products p ON p.product_id = s.product_id
            WHERE f.run_id IS NULL
            UNION ALL
            SELECT 'full', m.run_id, m.window_start, m.window_end, m.published_at,
                   s.category_id, s.product_id, s.total_sold, c.name, p.title
            FROM sales_rank_run m
            LEFT JOIN sales_rank_head_run h ON h.window_end > m.window_end
            LEFT JOIN (SELECT DISTINCT category_id FROM sales_rank) k ON TRUE
            LEFT JOIN sales_rank s ON s.category_id = k.category_id AND s.category_rank = 1
            LEFT JOIN categories c ON c.category_id = s.category_id
            LEFT JOIN products p ON p.product_id = s.product_id
            WHERE h.run_id IS NULL
            ORDER BY category_id""";

    private final ReplicaRouter router;

    CategoryLeadersRepository(ReplicaRouter router) {
        this.router = router;
    }

    /** @throws NoRankingPublishedException when neither ranking has been published */
    CompletableFuture<CategoryLeaders> leaders() {
        return router.readAsync(jdbc -> jdbc.sql(LEADERS)
                .query((ResultSetExtractor<Optional<CategoryLeaders>>) rs -> Optional.ofNullable(read(rs)))
                .orElseThrow(NoRankingPublishedException::new));
    }

    private static CategoryLeaders read(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        boolean head = "head".equals(rs.getString(1));
        PublishedRun run = PublishedRun.read(rs, 1);
        List<CategoryLeaders.Leader> leaders = new ArrayList<>();
        do {
            int category = rs.getInt(6);
            if (rs.wasNull()) {
                continue; // the lone run row of an empty ranking
            }
            leaders.add(new CategoryLeaders.Leader(category, rs.getString(9), rs.getLong(7), rs.getString(10),
                    rs.getLong(8)));
        } while (rs.next());
        return new CategoryLeaders(run, head, List.copyOf(leaders));
    }
}
