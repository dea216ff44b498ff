-- Test-only (SchemaMigrationIT): a V2 that fails after its first statement, on MySQL and MariaDB
-- alike, the way a real one might (a typo in a column name). Its ALTER of the live table fails as a
-- whole; the table it created first stays, as DDL is not transactional on either server.
CREATE TABLE sales_rank_probe (id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
ALTER TABLE sales_rank ADD COLUMN region_id INT NULL, ADD INDEX ix_sales_rank_region (no_such_column);
