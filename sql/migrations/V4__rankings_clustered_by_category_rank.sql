-- V4: both ranking tables (sales_rank, sales_rank_head) clustered on (category_id, category_rank)
-- instead of an auto-increment id.
--
-- Why: the hot read (ranks a..b of one category) becomes one range scan of the clustered index
-- instead of a secondary-index range plus one clustered-index lookup per row, and the publisher has
-- one secondary index (product_id) left to build after its load instead of two. The publisher loads
-- the rows in this key's order, so the clustered index is built by appending.
--
-- id stays, as a plain column (the API returns it as the row's id): the publisher numbers the rows
-- 1..n in the order it loads them, so it is still unique within a run. It has no index: nothing
-- looks a row up by id.
--
-- On a database with a live ranking: each ALTER rebuilds its table in one atomic statement, and
-- readers keep reading the old definition until it commits (a rebuild that changes the primary key
-- allows concurrent reads on MySQL 8.4 and MariaDB 10.11). The rows, their ids and the run row are
-- kept. The migration holds the publisher's lock (RankingTables.GET_LOCK) for its duration: a
-- publisher that created its staging table LIKE the old definition could otherwise swap it in after
-- this ran, and every later staging table, LIKE the live one, would keep the old key. If the lock is
-- not free within 10 minutes the migration fails before changing anything (recorded as failed,
-- run it again).
--
-- Runs as-is on MySQL 8.4 and MariaDB 10.11.

SET @salesrank_v4_lock = GET_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'), 600);
-- fails the migration ("Subquery returns more than 1 row") unless the lock was granted
DO (SELECT 1 UNION ALL SELECT 2 FROM DUAL WHERE NOT (@salesrank_v4_lock <=> 1));

-- MODIFY first: an AUTO_INCREMENT column must be indexed, and this drops the index it had
ALTER TABLE sales_rank
  MODIFY COLUMN id BIGINT NOT NULL,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (category_id, category_rank),
  DROP INDEX uk_sales_rank_category_rank;

-- created LIKE sales_rank by V2: same columns and index names
ALTER TABLE sales_rank_head
  MODIFY COLUMN id BIGINT NOT NULL,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (category_id, category_rank),
  DROP INDEX uk_sales_rank_category_rank;

DO RELEASE_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'));
