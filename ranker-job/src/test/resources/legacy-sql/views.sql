-- Views for the ops dashboards. Runs on MySQL 8.x and MariaDB 10.11.
-- SQL SECURITY INVOKER: a view checks the privileges of whoever reads it, so
-- it needs no definer account on the server it is replicated to. Every view
-- that shows ranking rows joins them with sales_rank_run in the same
-- statement, so the run it reports always matches the rows (see schema.sql).
-- Expects @reader_user to be set (as for users.sql) for the grants at the end.
USE salesrank;

-- The ranking readers see now, and how fresh it is.
CREATE OR REPLACE SQL SECURITY INVOKER VIEW ops_latest_run AS
SELECT r.run_id,
       r.window_start,
       r.window_end,
       r.published_at,
       TIMESTAMPDIFF(MINUTE, r.published_at, UTC_TIMESTAMP()) AS published_age_minutes,
       TIMESTAMPDIFF(MINUTE, r.window_end, UTC_TIMESTAMP())   AS window_age_minutes,
       h.rows_published,
       h.lines_read,
       h.malformed_lines,
       h.job_wall_ms
FROM sales_rank_run r
LEFT JOIN ranking_runs h ON h.run_id = r.run_id;

-- The top 10 of every category in the live ranking, with catalogue names
-- where the catalogue knows the category or product (see sql/README.md).
CREATE OR REPLACE SQL SECURITY INVOKER VIEW ops_category_top10 AS
SELECT r.run_id,
       r.window_start,
       r.window_end,
       s.category_id,
       c.name  AS category_name,
       s.category_rank,
       s.product_id,
       p.title AS product_title,
       s.total_sold
FROM sales_rank_run r
CROSS JOIN sales_rank s
LEFT JOIN categories c ON c.category_id = s.category_id
LEFT JOIN products p   ON p.product_id  = s.product_id
WHERE s.category_rank <= 10;

-- Every published run, newest first when ordered by run_id DESC; is_live marks
-- the one readers see now.
CREATE OR REPLACE SQL SECURITY INVOKER VIEW ops_run_history AS
SELECT h.run_id,
       h.window_start,
       h.window_end,
       h.rows_published,
       h.lines_read,
       h.malformed_lines,
       CASE WHEN h.lines_read = 0 THEN 0 ELSE h.malformed_lines / h.lines_read END AS malformed_ratio,
       h.published_at,
       h.job_wall_ms,
       CASE WHEN h.run_id = (SELECT MAX(l.run_id) FROM sales_rank_run l) THEN 1 ELSE 0 END AS is_live
FROM ranking_runs h;

SET @sql = CONCAT('GRANT SELECT ON salesrank.ops_latest_run TO ', QUOTE(@reader_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT ON salesrank.ops_category_top10 TO ', QUOTE(@reader_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT ON salesrank.ops_run_history TO ', QUOTE(@reader_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
