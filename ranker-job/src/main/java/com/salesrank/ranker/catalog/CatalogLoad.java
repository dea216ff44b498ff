package com.salesrank.ranker.catalog;

import java.util.List;

/** A load that went live: its row in catalog_loads and what each table got. */
record CatalogLoad(long loadId, List<LoadedTable> tables, long wallMillis) {
}
