package com.salesrank.ranker.catalog;

/**
 * One of the two catalog tables (V1) and the SQL of replacing it whole: staging LIKE the live table,
 * LOAD DATA LOCAL into it, then a RENAME that {@link CatalogLoader} builds for every table it loads.
 * The table definitions belong to the migrations; the loader copies them and reads the text column's
 * length limit from the server (information_schema), so there is one source of each.
 */
enum CatalogTable {

    CATEGORIES("categories", "category_id", "name", Integer.MAX_VALUE),
    PRODUCTS("products", "product_id", "title", Long.MAX_VALUE);

    final String live;
    final String staging;
    final String old;
    final String idColumn;
    final String textColumn;
    /** The id column's largest value: INT for categories, BIGINT for products. */
    final long maxId;

    CatalogTable(String live, String idColumn, String textColumn, long maxId) {
        this.live = live;
        this.staging = live + "_staging";
        this.old = live + "_old";
        this.idColumn = idColumn;
        this.textColumn = textColumn;
        this.maxId = maxId;
    }

    String createStaging() {
        return "CREATE TABLE " + staging + " LIKE " + live;
    }

    /**
     * The stream set with setLocalInfileInputStream replaces the file name. No escape character: a
     * backslash in a name is a backslash. Only checked lines reach it ({@link CheckedCatalogLines}).
     */
    String loadStaging() {
        return "LOAD DATA LOCAL INFILE '" + live + "' INTO TABLE " + staging
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n'"
                + " (" + idColumn + ", " + textColumn + ")";
    }

    String countStaging() {
        return "SELECT COUNT(*) FROM " + staging;
    }

    String dropLeftovers() {
        return "DROP TABLE IF EXISTS " + staging + ", " + old;
    }

    /** The part of the one RENAME TABLE that swaps this table in. */
    String swapClause() {
        return live + " TO " + old + ", " + staging + " TO " + live;
    }

    /** Characters (not bytes) the text column holds, as VARCHAR counts them. */
    static final String TEXT_LIMIT = "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?";

    /** The label in messages and in catalog_loads.tables_loaded. */
    String label() {
        return live;
    }
}
