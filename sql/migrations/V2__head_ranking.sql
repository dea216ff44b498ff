-- The head ranking: ranks 1..K of every category for a window that ends every 10 minutes
-- (scripts/run-head.sh, RankerTool --top K). Published exactly like the full ranking, into its own
-- pair of tables: sales_rank_head_staging LIKE sales_rank_head, then one RENAME TABLE swapping
-- sales_rank_head and sales_rank_head_run together. Created LIKE the full ranking's tables so the
-- two always have the same shape; the read API answers a page from whichever of the two is newer.
CREATE TABLE IF NOT EXISTS sales_rank_head LIKE sales_rank;
CREATE TABLE IF NOT EXISTS sales_rank_head_run LIKE sales_rank_run;

-- Which ranking each run of the history published. Run ids are one sequence for both rankings.
ALTER TABLE ranking_runs ADD COLUMN ranking VARCHAR(8) NOT NULL DEFAULT 'full';

GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_head TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_head_staging TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_head_old TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_head_run TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_head_run_staging TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_head_run_old TO '${writer_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.sales_rank_head TO '${reader_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.sales_rank_head_run TO '${reader_user}'@'%';

-- Both rankings' freshness, one row each: the full ranking against the hourly target, the head
-- against its 10 minutes. A ranking never published yet has no row.
CREATE OR REPLACE SQL SECURITY INVOKER VIEW ops_freshness AS
SELECT 'full' AS ranking,
       r.run_id,
       r.window_start,
       r.window_end,
       r.published_at,
       TIMESTAMPDIFF(MINUTE, r.published_at, UTC_TIMESTAMP()) AS published_age_minutes,
       TIMESTAMPDIFF(MINUTE, r.window_end, UTC_TIMESTAMP())   AS window_age_minutes,
       60 AS target_minutes
FROM sales_rank_run r
UNION ALL
SELECT 'head',
       r.run_id,
       r.window_start,
       r.window_end,
       r.published_at,
       TIMESTAMPDIFF(MINUTE, r.published_at, UTC_TIMESTAMP()),
       TIMESTAMPDIFF(MINUTE, r.window_end, UTC_TIMESTAMP()),
       10
FROM sales_rank_head_run r;

-- The run history with the ranking each run published; is_live marks the runs readers see now.
CREATE OR REPLACE SQL SECURITY INVOKER VIEW ops_run_history AS
SELECT h.run_id,
       h.ranking,
       h.window_start,
       h.window_end,
       h.rows_published,
       h.lines_read,
       h.malformed_lines,
       CASE WHEN h.lines_read = 0 THEN 0 ELSE h.malformed_lines / h.lines_read END AS malformed_ratio,
       h.published_at,
       h.job_wall_ms,
       CASE WHEN h.run_id = (SELECT MAX(l.run_id) FROM sales_rank_run l)
              OR h.run_id = (SELECT MAX(l.run_id) FROM sales_rank_head_run l) THEN 1 ELSE 0 END AS is_live
FROM ranking_runs h;

GRANT SELECT ON `${flyway:defaultSchema}`.ops_freshness TO '${reader_user}'@'%';
