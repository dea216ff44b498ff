-- V5: sales_rank_history in one RANGE COLUMNS partition per UTC day of window_end, so that pruning
-- is a DROP PARTITION of whole days instead of deleting one old run's 100,000 rows (and their
-- secondary-index entries) every hour, and the hourly insert goes into the current day's partition,
-- whose indexes stay small and hot instead of being one index over 30 days.
--
-- Partitions are named p<yyyymmdd> after the last day they hold: p20261203 holds window ends
-- before 2026-12-04 00:00:00. The publisher (RankHistory) adds the days it is about to need, a
-- couple of days ahead of the window it publishes, so a partition exists before its day begins, and
-- drops those whose every window end is older than the retention (salesrank.history.days): history
-- is kept at least that long, and pruned a whole day at a time. Hence the writer's ALTER (ADD
-- PARTITION) and DROP (DROP PARTITION) on this one table.
--
-- The rows already here go into one partition, pupto<yyyymmdd> after their last day, that holds
-- everything up to that day's end. A "pupto" partition spans more than a day, so while it is the
-- oldest the publisher prunes it the old way, deleting the rows older than the retention, and drops
-- it once the retention has passed its end. Every unique key must contain the partitioning column:
-- the primary key starts with window_end.
--
-- The ALTER copies the table and holds the publisher's lock (RankingTables.GET_LOCK) for its
-- duration, as V4 does: a publisher's history transaction stays open until its swap, and an ALTER
-- waiting behind it would queue every reader of the history. If the lock is not free within
-- 10 minutes the migration fails before changing anything (recorded as failed, run it again).
--
-- Runs as-is on MySQL 8.4 and MariaDB 10.11.

SET @salesrank_v5_lock = GET_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'), 600);
-- fails the migration ("Subquery returns more than 1 row") unless the lock was granted
DO (SELECT 1 UNION ALL SELECT 2 FROM DUAL WHERE NOT (@salesrank_v5_lock <=> 1));

SET @salesrank_v5_last_day = (SELECT DATE(COALESCE(MAX(window_end), '2000-01-01')) FROM sales_rank_history);
SET @salesrank_v5_ddl = CONCAT(
  'ALTER TABLE sales_rank_history PARTITION BY RANGE COLUMNS (window_end) (PARTITION pupto',
  DATE_FORMAT(@salesrank_v5_last_day, '%Y%m%d'), ' VALUES LESS THAN (''',
  DATE_FORMAT(@salesrank_v5_last_day + INTERVAL 1 DAY, '%Y-%m-%d 00:00:00'), '''))');
PREPARE salesrank_v5_partition FROM @salesrank_v5_ddl;
EXECUTE salesrank_v5_partition;
DEALLOCATE PREPARE salesrank_v5_partition;

GRANT ALTER, DROP ON `${flyway:defaultSchema}`.sales_rank_history TO '${writer_user}'@'%';

DO RELEASE_LOCK(CONCAT(DATABASE(), '.sales_rank.publish'));
