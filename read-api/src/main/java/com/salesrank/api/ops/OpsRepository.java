package com.salesrank.api.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.salesrank.api.replica.DatabaseNode;
import com.salesrank.api.replica.ReplicaRouter;
import org.springframework.stereotype.Repository;

import static com.salesrank.api.run.UtcColumns.sqlUtc;
import static com.salesrank.api.run.UtcColumns.utc;

/**
 * What the ops page reads from the databases: the ops views (V1, V2 migrations) through the replica
 * router like any reader, and each replica's newest run against the primary's for the replica lag.
 */
@Repository
class OpsRepository {

    static final int RUNS = 48;

    private static final String FRESHNESS = """
            SELECT ranking, run_id, window_start, window_end, published_at,
                   published_age_minutes, window_age_minutes, target_minutes
            FROM ops_freshness ORDER BY ranking""";

    private static final String LAST_RUNS = """
            SELECT run_id, ranking, window_end, published_at, rows_published, lines_read, malformed_lines, job_wall_ms
            FROM ranking_runs ORDER BY run_id DESC LIMIT""" + " " + RUNS;

    // The newest run each database has (the run history replicates row by row), read with that
    // database's own clock.
    private static final String NEWEST_RUN = "SELECT MAX(run_id) FROM ranking_runs";

    // On the primary: the runs a replica does not have yet, and since when the oldest of them exists.
    private static final String MISSING_SINCE = """
            SELECT COUNT(*), MIN(published_at), UTC_TIMESTAMP(3) FROM ranking_runs WHERE run_id > ?""";

    record Freshness(String ranking, long runId, Instant windowStart, Instant windowEnd, Instant publishedAt,
            long publishedAgeMinutes, long windowAgeMinutes, long targetMinutes) {

        /** Late when its window ended longer ago than its target plus the target again (a run's own time). */
        public boolean late() {
            return windowAgeMinutes > 2 * targetMinutes;
        }
    }

    record Run(long runId, String ranking, Instant windowEnd, Instant publishedAt, long rowsPublished,
            long linesRead, long malformedLines, long jobWallMs) {
    }

    /**
     * One replica against the primary.
     *
     * @param newestRun   the newest run id in its run history, or null when it did not answer
     * @param missingRuns runs the primary has and it has not, or -1 when that could not be compared
     * @param lagSeconds  how long the oldest of those runs has existed on the primary (0 when none is
     *                    missing, -1 when not compared): how far behind its data is, at least
     */
    record ReplicaLag(String name, String location, boolean inRotation, Long newestRun, long missingRuns,
            long lagSeconds) {
    }

    private final ReplicaRouter router;

    OpsRepository(ReplicaRouter router) {
        this.router = router;
    }

    List<Freshness> freshness() {
        return router.read(jdbc -> jdbc.sql(FRESHNESS).query((rs, i) -> new Freshness(rs.getString(1),
                rs.getLong(2), utc(rs, 3), utc(rs, 4), utc(rs, 5), rs.getLong(6), rs.getLong(7), rs.getLong(8))).list());
    }

    /** The last {@link #RUNS} runs, oldest first. */
    List<Run> lastRuns() {
        List<Run> runs = new ArrayList<>(router.read(jdbc -> jdbc.sql(LAST_RUNS).query((rs, i) -> new Run(
                rs.getLong(1), rs.getString(2), utc(rs, 3), utc(rs, 4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                rs.getLong(8))).list()));
        Collections.reverse(runs);
        return runs;
    }

    List<ReplicaLag> replicaLag() {
        Map<DatabaseNode, Long> newest = router.readEachReplica(jdbc -> jdbc.sql(NEWEST_RUN)
                .query((rs, i) -> rs.getLong(1)).optional().orElse(0L));
        List<ReplicaLag> lags = new ArrayList<>();
        for (DatabaseNode replica : router.replicas()) {
            Long run = newest.get(replica);
            long missing = -1;
            long lag = -1;
            if (run != null) {
                long[] behind = router.readPrimaryForComparison(jdbc -> jdbc.sql(MISSING_SINCE).param(run)
                        .query(rs -> {
                            rs.next();
                            Instant oldest = utc(rs, 2);
                            Instant now = utc(rs, 3);
                            return new long[] {rs.getLong(1),
                                    oldest == null ? 0 : Math.max(0, now.getEpochSecond() - oldest.getEpochSecond())};
                        }));
                if (behind != null) {
                    missing = behind[0];
                    lag = behind[1];
                }
            }
            lags.add(new ReplicaLag(replica.name(), replica.location(), replica.isUp(), run, missing, lag));
        }
        return lags;
    }

}
