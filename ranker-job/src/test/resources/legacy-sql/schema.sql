-- salesrank schema. Runs as-is on MySQL 8.x and MariaDB 10.11.
-- No identifier here is reserved in either (notably not `rank`, reserved in MySQL 8).
-- All DATETIME values are UTC.

CREATE DATABASE IF NOT EXISTS salesrank CHARACTER SET utf8mb4;
USE salesrank;

-- The catalogue the seed design's foreign keys refer to. See sql/README.md for
-- why sales_rank does not declare foreign keys to these tables.
CREATE TABLE IF NOT EXISTS categories (
  category_id INT NOT NULL PRIMARY KEY,
  name        VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS products (
  product_id BIGINT NOT NULL PRIMARY KEY,
  title      VARCHAR(512) NOT NULL
) ENGINE=InnoDB;

-- The live ranking: replaced whole, never updated in place. The publisher loads
-- sales_rank_staging, then swaps it in together with sales_rank_run in one
-- atomic multi-table RENAME TABLE.
CREATE TABLE IF NOT EXISTS sales_rank (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  category_id   INT    NOT NULL,
  product_id    BIGINT NOT NULL,
  total_sold    BIGINT NOT NULL,
  category_rank INT    NOT NULL,
  UNIQUE KEY uk_sales_rank_category_rank (category_id, category_rank),
  KEY ix_sales_rank_product (product_id)
) ENGINE=InnoDB;

-- Exactly one row: which run the rows of sales_rank belong to. Swapped in the
-- same RENAME TABLE as sales_rank, so one SELECT joining both always sees a
-- matching pair (a statement holds metadata locks on every table it reads, and
-- RENAME TABLE needs all of them exclusively).
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
