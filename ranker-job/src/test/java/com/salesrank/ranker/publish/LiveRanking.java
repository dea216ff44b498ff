package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** What readers see now, read the way they read it: the run and its rows in one statement. */
record LiveRanking(long runId, Instant windowStart, long rows, long sumTotalSold, long sumProductIds) {

    static LiveRanking read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT r.run_id, r.window_start, COUNT(s.id), SUM(s.total_sold), SUM(s.product_id)
                     FROM sales_rank_run r CROSS JOIN sales_rank s
                     GROUP BY r.run_id, r.window_start""")) {
            if (!rs.next()) {
                return null;
            }
            return new LiveRanking(rs.getLong(1), utc(rs.getObject(2, LocalDateTime.class)), rs.getLong(3),
                    rs.getLong(4), rs.getLong(5));
        }
    }

    /** The live rows in order, as job-format lines. */
    static List<String> lines(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT category_id, category_rank, product_id, total_sold
                     FROM sales_rank ORDER BY category_id, category_rank""")) {
            while (rs.next()) {
                lines.add(rs.getInt(1) + "\t" + rs.getInt(2) + "\t" + rs.getLong(3) + "\t" + rs.getLong(4));
            }
        }
        return lines;
    }

    static List<String> tablesNamed(Connection connection, String like) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var statement = connection.prepareStatement("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = DATABASE() AND table_name LIKE ? ORDER BY table_name""")) {
            statement.setString(1, like);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    static Instant utc(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC);
    }
}
