package com.salesrank.ranker.catalog;

/** What one file came to: its lines, the rows the server loaded from the good ones, and the bad ones. */
record LoadedTable(CatalogFile file, long lines, long rows, BadLines bad) {

    /** More than 1 % of the lines bad: the whole load is refused. */
    boolean tooManyBad() {
        return bad.count() * 100 > lines;
    }
}
