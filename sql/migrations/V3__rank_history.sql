-- V3: the history of the full ranking: the top 100 of every category of every published full run,
-- kept for salesrank.history.days (30) and pruned by the publisher. Read by the API's rank history
-- (/api/v1/products/{id}/rank/history) and movers (/api/v1/movers).
--
-- Written by RankingPublisher under the publish lock, right AFTER the run's RENAME TABLE swap and
-- before the lock is released, from the now-live sales_rank: a run that never went live never gets a
-- row here. A publisher that dies between its swap and this insert leaves the live run without
-- history; the next full publish adds it (from the still-live tables) before swapping its own run.
-- Readers take the live run's rows from sales_rank itself and only OLDER runs from this table, so
-- the moments between a swap and its history insert are invisible to them.
--
-- Primary key in window order: every run appends at the end (window ends move forward), pruning is
-- a range delete at the start of the key (DELETE ... WHERE window_end < ? ORDER BY window_end LIMIT n,
-- batch after batch), and "the ranking of window W" or "the newest window before T" are key lookups.
-- run_id is in the key because one window may be published twice (a rerun); readers take the
-- latest run per window. SMALLINT for the rank: the table only holds ranks 1..100, and 72 million
-- rows make every byte count (see the README's sizing).
--
-- No partitions: RANGE partitions per day would make pruning a DROP PARTITION, but the writer would
-- need ALTER/DROP on the table, a partition must exist before the hour it receives (one more job to
-- forget), and every unique key must contain the partition column. Deleting one run's worth of rows
-- per hourly publish (100,000) by primary-key range costs well under a second; see the README.
CREATE TABLE IF NOT EXISTS sales_rank_history (
  window_end    DATETIME NOT NULL,
  run_id        BIGINT   NOT NULL,
  category_id   INT      NOT NULL,
  category_rank SMALLINT NOT NULL,
  product_id    BIGINT   NOT NULL,
  total_sold    BIGINT   NOT NULL,
  PRIMARY KEY (window_end, run_id, category_id, category_rank),
  -- a product's points in one category over a time range: the rank history endpoint
  KEY ix_sales_rank_history_product (product_id, category_id, window_end)
) ENGINE=InnoDB;

-- the publisher appends, reads (what is there for the live run) and prunes; nothing else
GRANT SELECT, INSERT, DELETE ON `${flyway:defaultSchema}`.sales_rank_history TO '${writer_user}'@'%';
GRANT SELECT ON `${flyway:defaultSchema}`.sales_rank_history TO '${reader_user}'@'%';
