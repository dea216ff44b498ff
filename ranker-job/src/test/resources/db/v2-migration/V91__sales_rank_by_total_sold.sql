-- Test-only (SchemaMigrationIT): a V2 that changes the live ranking table the way a later issue
-- might: a nullable column, an index with a descending part and one on a column prefix, to show
-- that the publisher publishes exactly the migrated definition.
ALTER TABLE sales_rank
  ADD COLUMN note VARCHAR(20) NULL,
  ADD INDEX ix_sales_rank_category_total (category_id, total_sold DESC),
  ADD INDEX ix_sales_rank_note (note(8));
