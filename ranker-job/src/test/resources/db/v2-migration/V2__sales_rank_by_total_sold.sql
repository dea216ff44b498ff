-- Test-only (SchemaMigrationIT): a V2 that changes the live ranking table the way a later issue
-- might, a new index (with a descending part) and a nullable column, to show that the publisher
-- publishes exactly the migrated definition.
ALTER TABLE sales_rank
  ADD COLUMN note VARCHAR(20) NULL,
  ADD INDEX ix_sales_rank_category_total (category_id, total_sold DESC);
