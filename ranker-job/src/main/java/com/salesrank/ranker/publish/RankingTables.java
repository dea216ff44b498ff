package com.salesrank.ranker.publish;

/**
 * The SQL of the publishing protocol. It holds no table definition: the staging tables are created
 * LIKE the live ones, whose definitions belong to the schema migrations (sql/migrations), so a
 * migration that changes {@code sales_rank} or {@code sales_rank_run} changes what is published
 * too, index names included.
 */
final class RankingTables {

    static final String LIVE = "sales_rank";
    static final String STAGING = "sales_rank_staging";
    static final String OLD = "sales_rank_old";
    static final String RUN = "sales_rank_run";
    static final String RUN_STAGING = "sales_rank_run_staging";
    static final String RUN_OLD = "sales_rank_run_old";

    /** Leftovers of a run that died (kill, lost connection) before or right after its swap. */
    static final String DROP_LEFTOVERS = "DROP TABLE IF EXISTS " + STAGING + ", " + RUN_STAGING + ", " + OLD + ", " + RUN_OLD;

    /**
     * Columns, primary key, secondary indexes, engine and character set of the live table. Needs
     * CREATE on the staging name and SELECT on the live one, both in the writer's grants.
     */
    static final String CREATE_STAGING = "CREATE TABLE " + STAGING + " LIKE " + LIVE;

    /** The stream set with setLocalInfileInputStream replaces the file name. */
    static final String LOAD_STAGING = "LOAD DATA LOCAL INFILE 'ranking' INTO TABLE " + STAGING
            + " CHARACTER SET ascii FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n'"
            + " (category_id, category_rank, product_id, total_sold)";

    static final String COUNT_STAGING = "SELECT COUNT(*) FROM " + STAGING;

    static final String CREATE_RUN_STAGING = "CREATE TABLE " + RUN_STAGING + " LIKE " + RUN;

    static final String INSERT_RUN_STAGING = "INSERT INTO " + RUN_STAGING
            + " (run_id, window_start, window_end, published_at) VALUES (?, ?, ?, ?)";

    /**
     * Run ids continue from both the history and the live run, so a run that swapped but died
     * before recording its history row never has its id reused.
     */
    static final String NEXT_RUN_ID = "SELECT GREATEST("
            + "COALESCE((SELECT MAX(run_id) FROM ranking_runs), 0), "
            + "COALESCE((SELECT MAX(run_id) FROM " + RUN + "), 0)) + 1";

    /** One atomic statement: readers see either the old pair of tables or the new pair. */
    static final String SWAP = "RENAME TABLE "
            + LIVE + " TO " + OLD + ", " + STAGING + " TO " + LIVE + ", "
            + RUN + " TO " + RUN_OLD + ", " + RUN_STAGING + " TO " + RUN;

    static final String DROP_OLD = "DROP TABLE IF EXISTS " + OLD + ", " + RUN_OLD;

    static final String DROP_STAGING = "DROP TABLE IF EXISTS " + STAGING + ", " + RUN_STAGING;

    static final String RECORD_RUN = "INSERT INTO ranking_runs (run_id, window_start, window_end, rows_published,"
            + " lines_read, malformed_lines, published_at, job_wall_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /** Lock names are server-wide in MySQL 8, so the database name is part of it. */
    static final String GET_LOCK = "SELECT GET_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'), ?)";

    static final String RELEASE_LOCK = "SELECT RELEASE_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'))";

    private RankingTables() {
    }
}
