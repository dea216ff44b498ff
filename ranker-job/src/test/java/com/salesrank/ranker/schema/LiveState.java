package com.salesrank.ranker.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Everything about a database's live ranking that a migration must not change: the run and its rows
 * (read in one statement, as readers read them), the run history, and the two live tables'
 * definitions (without the AUTO_INCREMENT counter, which is data).
 */
record LiveState(List<String> runAndRows, List<String> history, String rankingTable, String runTable) {

    static LiveState read(Connection admin, String database) throws SQLException {
        String db = "`" + database + "`";
        return new LiveState(
                ScratchDatabase.rows(admin, "SELECT r.run_id, r.window_start, r.window_end, r.published_at,"
                        + " s.id, s.category_id, s.category_rank, s.product_id, s.total_sold"
                        + " FROM " + db + ".sales_rank_run r CROSS JOIN " + db + ".sales_rank s"
                        + " ORDER BY s.category_id, s.category_rank"),
                // the columns of V1's history: a later migration may add columns, never change these
                ScratchDatabase.rows(admin, "SELECT run_id, window_start, window_end, rows_published, lines_read,"
                        + " malformed_lines, published_at, job_wall_ms FROM " + db + ".ranking_runs ORDER BY run_id"),
                definition(admin, db + ".sales_rank"),
                definition(admin, db + ".sales_rank_run"));
    }

    static String definition(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + table)) {
            rs.next();
            return rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", "");
        }
    }
}
