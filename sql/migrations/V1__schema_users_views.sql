-- V1: the salesrank schema, its least-privilege users and the ops dashboard views, as they were
-- before the schema became Flyway migrations (sql/schema.sql, users.sql, views.sql). A database
-- created by those files is baselined at version 1 and never runs this file; see sql/README.md.
--
-- Runs as-is on MySQL 8.4 and MariaDB 10.11. No identifier here is reserved in either (notably not
-- `rank`, reserved in MySQL 8). All DATETIME values are UTC.
--
-- Applied by SchemaMigrator (scripts/migrate.sh, the docker `migrate` service) as the admin account,
-- with the database as Flyway's default schema. Placeholders (values from the environment, never
-- from this repository; SchemaMigrator rejects quotes and backslashes in them):
--   ${flyway:defaultSchema}  the database, e.g. salesrank
--   ${writer_user}, ${writer_password}  the ranker job's writer
--   ${reader_user}, ${reader_password}  the read API's and dashboards' reader

-- The catalogue the seed design's foreign keys refer to. See sql/README.md for why sales_rank does
-- not declare foreign keys to these tables.
CREATE TABLE IF NOT EXISTS categories (
  category_id INT NOT NULL PRIMARY KEY,
  name        VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS products (
  product_id BIGINT NOT NULL PRIMARY KEY,
  title      VARCHAR(512) NOT NULL
) ENGINE=InnoDB;

-- The live ranking: replaced whole, never updated in place. The publisher creates
-- sales_rank_staging LIKE this table, loads it, then swaps it in together with sales_rank_run in
-- one atomic multi-table RENAME TABLE. A later migration that changes this table (or
-- sales_rank_run) changes what the publisher builds: it copies the definition, it has none of its own.
CREATE TABLE IF NOT EXISTS sales_rank (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  category_id   INT    NOT NULL,
  product_id    BIGINT NOT NULL,
  total_sold    BIGINT NOT NULL,
  category_rank INT    NOT NULL,
  UNIQUE KEY uk_sales_rank_category_rank (category_id, category_rank),
  KEY ix_sales_rank_product (product_id)
) ENGINE=InnoDB;

-- Exactly one row: which run the rows of sales_rank belong to. Swapped in the same RENAME TABLE as
-- sales_rank, so one SELECT joining both always sees a matching pair (a statement holds metadata
-- locks on every table it reads, and RENAME TABLE needs all of them exclusively).
CREATE TABLE IF NOT EXISTS sales_rank_run (
  run_id       BIGINT      NOT NULL PRIMARY KEY,
  window_start DATETIME    NOT NULL,
  window_end   DATETIME    NOT NULL,
  published_at DATETIME(3) NOT NULL
) ENGINE=InnoDB;

-- History of published runs (append-only, not swapped).
CREATE TABLE IF NOT EXISTS ranking_runs (
  run_id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  window_start    DATETIME    NOT NULL,
  window_end      DATETIME    NOT NULL,
  rows_published  BIGINT      NOT NULL,
  lines_read      BIGINT      NOT NULL,
  malformed_lines BIGINT      NOT NULL,
  published_at    DATETIME(3) NOT NULL,
  job_wall_ms     BIGINT      NOT NULL,
  KEY ix_ranking_runs_window (window_end)
) ENGINE=InnoDB;

-- ---------------------------------------------------------------- users
-- Accounts are server-wide: IF NOT EXISTS lets a second database on the same server reuse them,
-- and ALTER USER makes the password the one given here either way.

-- The ranker job's writer: creates, loads, indexes, renames and drops the ranking tables, appends
-- to the run history, and nothing else. A multi-table RENAME TABLE needs ALTER and DROP on each old
-- name and CREATE and INSERT on each new one; LOAD DATA LOCAL needs INSERT only (no FILE); building
-- the indexes after the load needs ALTER (ALTER TABLE ... ADD) or INDEX; CREATE TABLE ... LIKE needs
-- CREATE on the new table and SELECT on the live one.
CREATE USER IF NOT EXISTS '${writer_user}'@'%' IDENTIFIED BY '${writer_password}';
ALTER USER '${writer_user}'@'%' IDENTIFIED BY '${writer_password}';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_staging TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_old TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_run TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_run_staging TO '${writer_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON `${flyway:defaultSchema}`.sales_rank_run_old TO '${writer_user}'@'%';
-- the history is append-only for the job: it reads the last run id and adds a row
GRANT SELECT, INSERT ON `${flyway:defaultSchema}`.ranking_runs TO '${writer_user}'@'%';

-- The read API's reader (and the ops dashboards): SELECT only, on what it reads. The views below
-- are SQL SECURITY INVOKER, so these SELECTs on the base tables are what lets the reader use them.
CREATE USER IF NOT EXISTS '${reader_user}'@'%' IDENTIFIED BY '${reader_password}';
ALTER USER '${reader_user}'@'%' IDENTIFIED BY '${reader_password}';
GRANT SELECT ON `${flyway:defaultSchema}`.sales_rank TO '${reader_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.sales_rank_run TO '${reader_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.ranking_runs TO '${reader_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.categories TO '${reader_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.products TO '${reader_user}'@'%';

-- ---------------------------------------------------------------- views (ops dashboards)
-- SQL SECURITY INVOKER: a view checks the privileges of whoever reads it, so it needs no definer
-- account on the server it is replicated to. Every view that shows ranking rows joins them with
-- sales_rank_run in the same statement, so the run it reports always matches the rows.

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

-- The top 10 of every category in the live ranking, with catalogue names where the catalogue knows
-- the category or product (see sql/README.md).
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

-- Every published run, newest first when ordered by run_id DESC; is_live marks the one readers see now.
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

GRANT SELECT ON `${flyway:defaultSchema}`.ops_latest_run TO '${reader_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.ops_category_top10 TO '${reader_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.ops_run_history TO '${reader_user}'@'%';
