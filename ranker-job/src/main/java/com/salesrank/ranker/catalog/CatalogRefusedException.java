package com.salesrank.ranker.catalog;

import java.util.List;

/** A file with more than 1 % bad lines: nothing was loaded, the live catalog is unchanged. */
final class CatalogRefusedException extends CatalogLoadException {

    CatalogRefusedException(String message, List<LoadedTable> checked) {
        super(message, null, checked);
    }
}
