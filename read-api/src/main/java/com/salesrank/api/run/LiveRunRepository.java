package com.salesrank.api.run;

import java.util.Map;
import java.util.Optional;

import com.salesrank.api.replica.DatabaseNode;
import com.salesrank.api.replica.ReplicaRouter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Repository;

/**
 * Reads the live runs: the one-row run tables of the full ranking and of the head, through the
 * {@link ReplicaRouter} like every read.
 */
@Repository
class LiveRunRepository {

    private static final String CURRENT_HEAD_RUN_ID =
            "SELECT run_id FROM sales_rank_head_run ORDER BY run_id DESC LIMIT 1";

    // K with its run, in one statement. The grouped MAX is a loose index scan on
    // (category_id, category_rank): one index dive per category instead of reading every row.
    private static final String CURRENT_HEAD = """
            SELECT r.run_id, r.window_start, r.window_end, r.published_at,
                   (SELECT MAX(g.deepest) FROM (SELECT MAX(h.category_rank) AS deepest
                                                FROM sales_rank_head h GROUP BY h.category_id) g)
            FROM sales_rank_head_run r ORDER BY r.run_id DESC LIMIT 1""";

    private static final String CURRENT_RUN = """
            SELECT run_id, window_start, window_end, published_at
            FROM sales_rank_run ORDER BY run_id DESC LIMIT 1""";

    private final ReplicaRouter router;

    LiveRunRepository(ReplicaRouter router) {
        this.router = router;
    }

    /**
     * The live run on each replica that answers (empty when none does); a
     * replica with nothing published maps to an empty Optional.
     */
    Map<DatabaseNode, Optional<PublishedRun>> currentRunOnEachReplica() {
        return router.readEachReplica(jdbc -> jdbc.sql(CURRENT_RUN).query(
                (ResultSetExtractor<Optional<PublishedRun>>) rs ->
                        rs.next() ? Optional.of(PublishedRun.read(rs, 0)) : Optional.empty()));
    }

    /** @return the live head run's id, or -1 when no head has been published */
    long currentHeadRunId() {
        return router.read(jdbc -> jdbc.sql(CURRENT_HEAD_RUN_ID)
                .query((ResultSetExtractor<Long>) rs -> rs.next() ? rs.getLong(1) : -1L));
    }

    /** @return the live head run and its K, or null when no head has been published */
    HeadRun currentHead() {
        return router.read(jdbc -> jdbc.sql(CURRENT_HEAD).query((ResultSetExtractor<Optional<HeadRun>>) rs ->
                rs.next() ? Optional.of(new HeadRun(PublishedRun.read(rs, 0), rs.getInt(5))) : Optional.empty()))
                .orElse(null);
    }

    /** @return the live run, or null when nothing has been published */
    PublishedRun currentRun() {
        // Optional: JdbcClient refuses a null from the extractor, and an empty table is not an error
        return router.read(jdbc -> jdbc.sql(CURRENT_RUN).query((ResultSetExtractor<Optional<PublishedRun>>) rs ->
                rs.next() ? Optional.of(PublishedRun.read(rs, 0)) : Optional.empty())).orElse(null);
    }
}
