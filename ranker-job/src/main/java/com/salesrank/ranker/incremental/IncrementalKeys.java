package com.salesrank.ranker.incremental;

/**
 * Configuration keys the incremental jobs pass from the driver to their tasks (set by the driver, not by
 * users), gathered in one place like TeraSort's config keys.
 */
final class IncrementalKeys {

    /** The window being ranked: epoch seconds, start inclusive, end exclusive. */
    static final String NEW_START = "salesrank.incremental.new-window.start";
    static final String NEW_END = "salesrank.incremental.new-window.end";
    /** The state's window; absent when the state is being built from nothing. */
    static final String OLD_START = "salesrank.incremental.old-window.start";
    static final String OLD_END = "salesrank.incremental.old-window.end";

    /** Delta job: where the slice of each raw log it reads goes. */
    static final String SLICE_DIR = "salesrank.incremental.slice.dir";

    /**
     * Delta job: its inputs by index, each {@code role TAB folder_hour TAB records TAB crc TAB path}; for a raw
     * log (role LOG) the records field is the index of the slice it becomes.
     */
    static final String DELTA_SOURCES = "salesrank.incremental.delta.source";

    /** Apply job: the new totals directory, and per old part its checks and its delta file. */
    static final String APPLY_TOTALS_DIR = "salesrank.incremental.apply.totals-dir";
    /** {@code rows TAB crc TAB old_part_path} by index ({@code .count}, {@code .N}). */
    static final String APPLY_PARTS = "salesrank.incremental.apply.part";
    /** Apply job: every file of the delta job by index ({@code .count}, {@code .N}); each mapper keeps its categories. */
    static final String APPLY_DELTA_FILES = "salesrank.incremental.apply.delta-file";
    /** Apply job: where the run's ranking goes, the same bytes as the new totals (saves copying them after). */
    static final String APPLY_RANKING_DIR = "salesrank.incremental.apply.ranking-dir";

    private IncrementalKeys() {
    }
}
