package com.salesrank.api.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** One published ranking: its run id, the sales window it covers, and when it went live (all UTC). */
public record PublishedRun(long runId, Instant windowStart, Instant windowEnd, Instant publishedAt) {

    /**
     * Reads a run row's four columns (run_id, window_start, window_end, published_at), in that order.
     *
     * @param shift the number of columns before them in the row
     */
    public static PublishedRun read(ResultSet rs, int shift) throws SQLException {
        return new PublishedRun(rs.getLong(1 + shift), UtcColumns.utc(rs, 2 + shift), UtcColumns.utc(rs, 3 + shift),
                UtcColumns.utc(rs, 4 + shift));
    }
}
