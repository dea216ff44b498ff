package com.salesrank.ranker.catalog;

import java.io.IOException;
import java.io.InputStream;

/** One file to load into one catalog table: where it is (for messages and catalog_loads) and its lines. */
record CatalogFile(CatalogTable table, String source, Opener opener) {

    /** The file's bytes, already decompressed. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }
}
