package com.salesrank.ranker;

/**
 * Every {@code salesrank.*} Hadoop configuration key of the job, with its default and meaning, in one
 * place (like TeraSort's {@code TeraSortConfigKeys}); docs/ranker-job.md's table lists the same keys. The classes
 * that read a key refer to the constant here, so a key's spelling exists once.
 *
 * <p>Settings (users pass them with {@code -D key=value}, before the job's own arguments) come first; the
 * internal keys after them are how the driver hands a run's facts to its tasks, and are overwritten by
 * the driver whatever a user sets.
 */
public final class RankerConfigKeys {

    // ---- stage 1 (sum) ----

    /** Sum quantities in the mapper's own hash map (true) or emit one record per sale (false). */
    public static final String IN_MAPPER_COMBINING = "salesrank.mapper.in-mapper-combining";
    public static final boolean IN_MAPPER_COMBINING_DEFAULT = true;
    /** Entries the in-mapper hash map holds before it is emitted and cleared. */
    public static final String COMBINING_MAX_ENTRIES = "salesrank.mapper.combining.max-entries";
    public static final int COMBINING_MAX_ENTRIES_DEFAULT = 1 << 22;
    /** Malformed lines each map task writes to its log as samples. */
    public static final String MALFORMED_SAMPLES = "salesrank.mapper.malformed-samples";
    public static final int MALFORMED_SAMPLES_DEFAULT = 5;
    /** Whether stage 1 also runs the combiner; default: only when in-mapper combining is off. */
    public static final String STAGE1_COMBINER = "salesrank.stage1.combiner";

    // ---- the run ----

    /**
     * Parent of the per-run work directory; default: the output directory's parent (same file system, so
     * the final rename is cheap).
     */
    public static final String WORK_DIR = "salesrank.work.dir";
    /** How long a {@code --state} run waits for another run to release the state; 0 refuses at once. */
    public static final String STATE_LOCK_WAIT_SECONDS = "salesrank.state.lock-wait-seconds";
    public static final long STATE_LOCK_WAIT_SECONDS_DEFAULT = 0;
    /**
     * How a run shows the progress of its jobs and its publish: {@code auto} (one updating line when the JVM
     * has a console, else {@code log}), {@code terminal}, {@code log} (a line every
     * {@value #PROGRESS_LOG_INTERVAL_SECONDS} seconds) or {@code off}.
     */
    public static final String PROGRESS = "salesrank.progress";
    public static final String PROGRESS_DEFAULT = "auto";
    /** Seconds between progress lines in {@code log} mode: the longest a running job or publish stays quiet. */
    public static final String PROGRESS_LOG_INTERVAL_SECONDS = "salesrank.progress.log-interval-seconds";
    public static final int PROGRESS_LOG_INTERVAL_SECONDS_DEFAULT = 10;

    // ---- publishing ----

    /** JDBC URL of the primary; overrides {@code SALESRANK_DB_URL}. Without either, files only. */
    public static final String DB_URL = "salesrank.db.url";
    /** The writer user; overrides {@code SALESRANK_DB_USER}. */
    public static final String DB_USER = "salesrank.db.user";
    /** The writer's password; overrides {@code SALESRANK_DB_PASSWORD} (prefer the variable: -D shows in ps). */
    public static final String DB_PASSWORD = "salesrank.db.password";
    /** Seconds to wait for another publisher to finish. */
    public static final String PUBLISH_LOCK_TIMEOUT_SECONDS = "salesrank.publish.lock-timeout-seconds";
    public static final int PUBLISH_LOCK_TIMEOUT_SECONDS_DEFAULT = 300;
    /** {@code after-load} or {@code before-load}: when the staging table's secondary indexes are built. */
    public static final String PUBLISH_INDEXES = "salesrank.publish.indexes";
    public static final String PUBLISH_INDEXES_DEFAULT = "after-load";
    /**
     * Rows per committed {@code LOAD DATA} statement into the staging table ({@code after-load} only;
     * 0: the whole ranking in one statement). Each commit reaches the replicas at once, so they apply
     * the load while the primary is still loading instead of after it.
     */
    public static final String PUBLISH_COMMIT_ROWS = "salesrank.publish.commit-rows";
    public static final long PUBLISH_COMMIT_ROWS_DEFAULT = 250_000;
    /** Days of rank history kept (at least 1), counted back from the published window's end. */
    public static final String HISTORY_DAYS = "salesrank.history.days";
    public static final int HISTORY_DAYS_DEFAULT = 30;
    /** {@code false}: a full publish neither writes nor prunes the rank history (bench-publish.sh's comparison). */
    public static final String HISTORY_ENABLED = "salesrank.history.enabled";
    public static final boolean HISTORY_ENABLED_DEFAULT = true;

    // ---- internal: set by the driver for its tasks ----

    /** The ranking window's start and end, epoch second and nano (stage 1's mappers filter by it). */
    public static final String WINDOW_START_SECOND = "salesrank.window.start.epoch-second";
    public static final String WINDOW_START_NANO = "salesrank.window.start.nano";
    public static final String WINDOW_END_SECOND = "salesrank.window.end.epoch-second";
    public static final String WINDOW_END_NANO = "salesrank.window.end.nano";
    /** Ranks kept per category, from {@code --top}; unset: all. */
    public static final String RANK_TOP = "salesrank.rank.top";
    /** Where a failing task leaves its one-line reason (under the run's work directory). */
    public static final String TASK_FAILURES_DIR = "salesrank.task-failures.dir";

    /** Incremental jobs: the window being ranked, epoch seconds, start inclusive, end exclusive. */
    public static final String INCREMENTAL_NEW_START = "salesrank.incremental.new-window.start";
    public static final String INCREMENTAL_NEW_END = "salesrank.incremental.new-window.end";
    /** Incremental jobs: the state's window; absent when the state is being built from nothing. */
    public static final String INCREMENTAL_OLD_START = "salesrank.incremental.old-window.start";
    public static final String INCREMENTAL_OLD_END = "salesrank.incremental.old-window.end";
    /** Delta job: where the slice of each raw log it reads goes. */
    public static final String INCREMENTAL_SLICE_DIR = "salesrank.incremental.slice.dir";
    /**
     * Delta job: its inputs by index ({@code .count}, {@code .N}), each {@code role TAB folder_hour TAB
     * records TAB crc TAB path}; for a raw log (role LOG) the records field is the index of its slice.
     */
    public static final String INCREMENTAL_DELTA_SOURCES = "salesrank.incremental.delta.source";
    /** Apply job: the new totals directory. */
    public static final String INCREMENTAL_APPLY_TOTALS_DIR = "salesrank.incremental.apply.totals-dir";
    /** Apply job: {@code rows TAB crc TAB old_part_path} by index ({@code .count}, {@code .N}). */
    public static final String INCREMENTAL_APPLY_PARTS = "salesrank.incremental.apply.part";
    /** Apply job: every file of the delta job by index ({@code .count}, {@code .N}); each mapper keeps its categories. */
    public static final String INCREMENTAL_APPLY_DELTA_FILES = "salesrank.incremental.apply.delta-file";
    /** Apply job: where the run's ranking goes, the same bytes as the new totals (saves copying them after). */
    public static final String INCREMENTAL_APPLY_RANKING_DIR = "salesrank.incremental.apply.ranking-dir";

    private RankerConfigKeys() {
    }
}
