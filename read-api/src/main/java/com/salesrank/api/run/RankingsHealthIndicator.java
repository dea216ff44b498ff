package com.salesrank.api.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import com.salesrank.api.replica.ReplicaRouter;
import com.salesrank.contract.Ranking;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;

/**
 * "rankings" in /actuator/health: both rankings' freshness as the ops_freshness view reports it
 * (on a replica, so replication lag shows), and what this instance serves pages within the head's
 * K from. A ranking is {@code stale} once its window ended more than twice its target ago (full:
 * 60 minutes, head: 10). Staleness does not change the status: stale answers are still answers,
 * and every one names its window. UP once anything is published; UNKNOWN before that or when no
 * database answers (the "replicas" indicator reports that).
 */
@Component("rankingsHealthIndicator")
class RankingsHealthIndicator implements HealthIndicator {

    private static final String FRESHNESS = """
            SELECT ranking, run_id, window_start, window_end, published_at,
                   published_age_minutes, window_age_minutes, target_minutes
            FROM ops_freshness""";

    private final ReplicaRouter router;
    private final PublishedRunTracker tracker;

    RankingsHealthIndicator(ReplicaRouter router, PublishedRunTracker tracker) {
        this.router = router;
        this.tracker = tracker;
    }

    @Override
    public Health health() {
        Map<String, Object> rankings;
        try {
            rankings = router.read(jdbc -> jdbc.sql(FRESHNESS)
                    .query((ResultSetExtractor<Map<String, Object>>) RankingsHealthIndicator::read));
        } catch (RuntimeException failure) {
            return Health.unknown().withDetail("error", "cannot read ops_freshness: "
                    + failure.getClass().getSimpleName()).build();
        }
        Health.Builder health = rankings.isEmpty() ? Health.unknown() : Health.up();
        health.withDetail("full", rankings.getOrDefault("full", "not published"));
        health.withDetail("head", rankings.getOrDefault("head", "not published"));
        health.withDetail("pagesWithinHeadFrom", servingWithinHead());
        return health.build();
    }

    /** What this instance answers pages within the head's K from now (the run its cache keys name), and that K. */
    private Map<String, Object> servingWithinHead() {
        Map<String, Object> serving = new LinkedHashMap<>();
        HeadRun head = tracker.currentHead();
        boolean fromHead = head != null && head.k() > 0 && head.newerThan(tracker.current());
        serving.put("ranking", (fromHead ? Ranking.HEAD : Ranking.FULL).label());
        long runId = fromHead ? head.run().runId() : tracker.currentRunId();
        serving.put("runId", runId < 0 ? null : runId);
        serving.put("headK", head == null ? 0 : head.k());
        serving.put("headRunId", head == null ? null : head.run().runId());
        long fullRunId = tracker.currentRunId();
        serving.put("fullRunId", fullRunId < 0 ? null : fullRunId);
        return serving;
    }

    private static Map<String, Object> read(ResultSet rs) throws SQLException {
        Map<String, Object> rankings = new LinkedHashMap<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("runId", rs.getLong("run_id"));
            row.put("windowStart", utc(rs, "window_start"));
            row.put("windowEnd", utc(rs, "window_end"));
            row.put("publishedAt", utc(rs, "published_at"));
            long windowAge = rs.getLong("window_age_minutes");
            long target = rs.getLong("target_minutes");
            row.put("publishedAgeMinutes", rs.getLong("published_age_minutes"));
            row.put("windowAgeMinutes", windowAge);
            row.put("targetMinutes", target);
            row.put("stale", windowAge > 2 * target);
            rankings.put(rs.getString("ranking"), row);
        }
        return rankings;
    }

    private static String utc(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC).toString();
    }
}
