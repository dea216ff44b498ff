-- V6: the catalog's own account and its load history (scripts/load-catalog.sh, ranker-job's
-- com.salesrank.ranker.catalog; docs/catalog.md).
--
-- The loader replaces categories and products whole, as the ranking's publisher replaces
-- sales_rank: CREATE TABLE <t>_staging LIKE <t>, LOAD DATA LOCAL into it, then one RENAME TABLE
-- swapping in both tables loaded (or the one), then a catalog_loads row. Runs as-is on MySQL 8.4 and
-- MariaDB 10.11. Placeholders as in V1, plus:
--   ${catalog_user}, ${catalog_password}  the catalog loader's account

-- One row per catalog load that went live, inserted right after its RENAME. The newest load_id is
-- the catalog's version: the read API puts it into its cache keys and ETags, so a page's names change
-- with a load (docs/catalog.md). A load that failed or was refused adds no row.
CREATE TABLE IF NOT EXISTS catalog_loads (
  load_id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  finished_at      DATETIME(3)   NOT NULL,
  -- what was loaded: 'categories', 'products' or 'categories,products'
  tables_loaded    VARCHAR(32)   NOT NULL,
  -- rows now live in each table loaded; NULL for a table this load left as it was
  category_rows    BIGINT        NULL,
  product_rows     BIGINT        NULL,
  -- lines skipped as bad (bad id, missing or empty name, too long, duplicate id, invalid UTF-8)
  bad_lines        BIGINT        NOT NULL,
  categories_source VARCHAR(1024) NULL,
  products_source   VARCHAR(1024) NULL
) ENGINE=InnoDB;

-- The catalog loader: creates, loads, renames and drops the two catalog tables under their live,
-- staging and old names, appends to catalog_loads, and nothing else (not the ranking, not the
-- history of runs). The same privileges per table as the writer's for the same protocol (V1).
CREATE USER IF NOT EXISTS '${catalog_user}'@'%' IDENTIFIED BY '${catalog_password}';
ALTER USER '${catalog_user}'@'%' IDENTIFIED BY '${catalog_password}';
GRANT SELECT, INSERT, CREATE, DROP, ALTER ON `${flyway:defaultSchema}`.categories TO '${catalog_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER ON `${flyway:defaultSchema}`.categories_staging TO '${catalog_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER ON `${flyway:defaultSchema}`.categories_old TO '${catalog_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER ON `${flyway:defaultSchema}`.products TO '${catalog_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER ON `${flyway:defaultSchema}`.products_staging TO '${catalog_user}'@'%';
GRANT SELECT, INSERT, CREATE, DROP, ALTER ON `${flyway:defaultSchema}`.products_old TO '${catalog_user}'@'%';
GRANT SELECT, INSERT ON `${flyway:defaultSchema}`.catalog_loads TO '${catalog_user}'@'%';

-- The read API reads the newest load id (SELECT MAX(load_id) FROM catalog_loads) for its cache keys.
GRANT SELECT ON `${flyway:defaultSchema}`.catalog_loads TO '${reader_user}'@'%';
