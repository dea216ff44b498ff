package com.salesrank.ranker.catalog;

import java.util.Locale;
import java.util.stream.Collectors;

/** The line a finished load prints. */
final class CatalogMessages {

    private CatalogMessages() {
    }

    static String loaded(CatalogLoad load) {
        return String.format(Locale.ROOT, "catalog load %d live: %s; in %.1f s", load.loadId(),
                load.tables().stream().map(t -> String.format(Locale.ROOT, "%s %,d rows from %s (%,d lines, %,d bad"
                        + " skipped)", t.file().table().label(), t.rows(), t.file().source(), t.lines(), t.bad().count()))
                        .collect(Collectors.joining("; ")),
                load.wallMillis() / 1000.0);
    }
}
