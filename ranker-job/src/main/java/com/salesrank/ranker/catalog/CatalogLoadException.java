package com.salesrank.ranker.catalog;

import java.util.List;

/** A load that did not finish; its message says whether the live catalog changed. */
class CatalogLoadException extends Exception {

    private final List<LoadedTable> checked;

    CatalogLoadException(String message, Throwable cause) {
        this(message, cause, List.of());
    }

    CatalogLoadException(String message, Throwable cause, List<LoadedTable> checked) {
        super(message, cause);
        this.checked = List.copyOf(checked);
    }

    /** The files read in full before the load ended, with their bad lines. */
    List<LoadedTable> checked() {
        return checked;
    }
}
