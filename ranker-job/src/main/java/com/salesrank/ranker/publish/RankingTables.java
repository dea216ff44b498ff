package com.salesrank.ranker.publish;

import com.salesrank.contract.Ranking;

/**
 * The SQL of the publishing protocol for one ranking: the full one ({@code sales_rank}) or the head
 * ({@code sales_rank_head}, ranks 1..K refreshed every few minutes). It holds no table definition: the
 * staging tables are created LIKE the live ones, whose definitions belong to the schema migrations
 * (sql/migrations), so a migration that changes a live table changes what is published too.
 */
final class RankingTables {

    static final RankingTables FULL = new RankingTables(Ranking.FULL);
    static final RankingTables HEAD = new RankingTables(Ranking.HEAD);

    final Ranking ranking;
    final String live;
    final String staging;
    final String old;
    final String run;
    final String runStaging;
    final String runOld;

    /** Leftovers of a run that died (kill, lost connection) before or right after its swap. */
    final String dropLeftovers;
    /**
     * Columns, primary key, secondary indexes, engine and character set of the live table. Needs
     * CREATE on the staging name and SELECT on the live one, both in the writer's grants.
     */
    final String createStaging;
    /**
     * The stream set with setLocalInfileInputStream replaces the file name. It numbers the rows in
     * the order it sends them, which is the key order ({@link KeyOrderedRows}): that is the plain
     * {@code id} column of V4; a table from before V4 takes the same values into its AUTO_INCREMENT id.
     */
    final String loadStaging;
    final String countStaging;
    final String createRunStaging;
    final String insertRunStaging;
    /** One atomic statement: readers see either the old pair of tables or the new pair. */
    final String swap;
    final String dropOld;
    final String dropStaging;
    final String recordRun;

    private RankingTables(Ranking ranking) {
        this.ranking = ranking;
        this.live = ranking.table();
        this.staging = live + "_staging";
        this.old = live + "_old";
        this.run = ranking.runTable();
        this.runStaging = run + "_staging";
        this.runOld = run + "_old";
        this.dropLeftovers = "DROP TABLE IF EXISTS " + staging + ", " + runStaging + ", " + old + ", " + runOld;
        this.createStaging = "CREATE TABLE " + staging + " LIKE " + live;
        this.loadStaging = "LOAD DATA LOCAL INFILE 'ranking' INTO TABLE " + staging
                + " CHARACTER SET ascii FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n'"
                + " (id, category_id, category_rank, product_id, total_sold)";
        this.countStaging = "SELECT COUNT(*) FROM " + staging;
        this.createRunStaging = "CREATE TABLE " + runStaging + " LIKE " + run;
        this.insertRunStaging = "INSERT INTO " + runStaging
                + " (run_id, window_start, window_end, published_at) VALUES (?, ?, ?, ?)";
        this.swap = "RENAME TABLE " + live + " TO " + old + ", " + staging + " TO " + live + ", "
                + run + " TO " + runOld + ", " + runStaging + " TO " + run;
        this.dropOld = "DROP TABLE IF EXISTS " + old + ", " + runOld;
        this.dropStaging = "DROP TABLE IF EXISTS " + staging + ", " + runStaging;
        this.recordRun = "INSERT INTO ranking_runs (run_id, window_start, window_end, rows_published, lines_read,"
                + " malformed_lines, published_at, job_wall_ms, ranking) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '"
                + ranking.label() + "')";
    }

    static RankingTables of(Ranking ranking) {
        return ranking == Ranking.HEAD ? HEAD : FULL;
    }

    /**
     * Run ids are one sequence for both rankings (the read API keys its caches by run id) and continue
     * from the history and both live runs, so a run that swapped but died before recording its history
     * row never has its id reused. Both rankings publish under the same lock, so two never pick one id.
     */
    static final String NEXT_RUN_ID = "SELECT GREATEST("
            + "COALESCE((SELECT MAX(run_id) FROM ranking_runs), 0), "
            + "COALESCE((SELECT MAX(run_id) FROM sales_rank_run), 0), "
            + "COALESCE((SELECT MAX(run_id) FROM sales_rank_head_run), 0)) + 1";

    /** {@link NamedLock}'s name of both rankings' publish lock: {@code <database>.sales_rank.publish}. */
    static final String LOCK_NAME = "sales_rank.publish";
}
