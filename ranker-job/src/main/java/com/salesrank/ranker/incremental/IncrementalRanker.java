package com.salesrank.ranker.incremental;

import com.salesrank.ranker.progress.JobProgressReporter;
import com.salesrank.ranker.state.InputFileId;
import com.salesrank.ranker.state.StateException;
import com.salesrank.ranker.state.StateManifest;
import com.salesrank.ranker.state.StateStore;
import com.salesrank.ranker.window.RankingWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;

/**
 * Incremental ranking with kept state ({@code --state}): the driver of the slice, delta and apply jobs.
 *
 * <p>A run lists the hour folders the full job would read for its window and reads only the raw logs it
 * has not read before (new, or changed since: {@link InputFileId}). Each such log becomes a slice. The new
 * window's totals are the state's totals plus, per slice cell, what it adds or withdraws between the two
 * windows ({@link SliceRole}, {@link WindowMembership}); the cells of unchanged slices that count the same
 * in both windows are never read. So the ranking equals a full recompute over the same logs.
 *
 * <p>With {@code --top K} the run is a head refresh: the same delta, then the first K rows of every
 * category picked from a prefix of the state's ranking ({@link HeadSelector}); the state is left as it was.
 *
 * <p>A state that is missing, unreadable, made for other settings, or fails a check is named in one line
 * and rebuilt from the raw logs by the same run, which then answers from the rebuilt state.
 *
 * <p>This class is the state's lifecycle (lock, load, check, fall back to a rebuild); the three kinds of run
 * are {@link StateAdvance}, {@link HeadRefresh} and {@link StateRebuild}.
 */
public final class IncrementalRanker {

    /**
     * @param inputs      the job's {@code --input} roots
     * @param top         K of a head refresh; empty for a full incremental run
     * @param reducers    reduce tasks of the rebuild's jobs (the parts of its totals); incremental runs keep the state's
     */
    public record Settings(List<String> inputs, RankingWindow window, int windowHours, Path stateDir, OptionalInt top,
            OptionalInt reducers, Duration lockWait) {

        /** The input roots, qualified: what a manifest records and a state is checked against. */
        List<String> qualifiedRoots(Configuration conf) throws IOException {
            List<String> roots = new ArrayList<>();
            for (String input : inputs) {
                Path path = new Path(input);
                roots.add(path.getFileSystem(conf).makeQualified(path).toString());
            }
            return roots;
        }
    }

    /**
     * @param ranking     the ranking, complete with {@code _SUCCESS}, in the run's work directory
     * @param rows        its rows
     * @param rawCounters the counters of the job that read the raw logs (lines read, malformed), empty if it read none
     * @param rawBytes    the length of the raw logs the run read
     * @param report      what the run did with the state, one line
     */
    public record Result(Path ranking, long rows, Counters rawCounters, long rawBytes, String report) {
    }

    /** Called with the slice job's counters before anything is committed; throws to stop the run (the malformed gate). */
    @FunctionalInterface
    public interface RawInputGate {
        void check(Counters rawCounters) throws Exception;
    }

    private final Configuration conf;
    private final Settings settings;
    private final PrintStream err;
    /** Started with the run: its first phase counts from here. */
    private final PhaseTimes phases = new PhaseTimes();
    private final StateAdvance advance;
    private final HeadRefresh head;
    private final StateRebuild rebuild;

    /** @param progress runs the jobs, showing how far they are */
    public IncrementalRanker(Configuration conf, Settings settings, PrintStream err, Class<?> jarClass,
            JobProgressReporter progress, RawInputGate gate) {
        this.conf = conf;
        this.settings = settings;
        this.err = err;
        LogListing listing = new LogListing(conf);
        IncrementalJobs jobs = new IncrementalJobs(conf, jarClass, progress);
        this.advance = new StateAdvance(conf, settings, listing, jobs, gate);
        this.head = new HeadRefresh(conf, settings, listing, jobs, gate);
        this.rebuild = new StateRebuild(conf, settings, listing, jobs, gate, progress, jarClass);
    }

    public Result run(Path workDir) throws Exception {
        StateStore store = StateStore.open(settings.stateDir(), conf);
        try (StateStore.Lock lock = store.lock(settings.lockWait())) {
            Optional<StateManifest> state = usableState(store);
            if (state.isPresent()) {
                try {
                    return settings.top().isPresent() ? head.run(store, state.get(), workDir, phases)
                            : advance.run(store, state.get(), workDir, phases);
                } catch (StateException e) {
                    err.println("state: " + e.getMessage() + "; rebuilding it from the raw logs");
                    workDir.getFileSystem(conf).delete(workDir, true);
                }
            }
            return rebuild.run(store, workDir);
        }
    }

    private Optional<StateManifest> usableState(StateStore store) throws IOException {
        String problem;
        try {
            StateManifest manifest = store.load();
            problem = incompatibility(manifest);
            if (problem == null) {
                return Optional.of(manifest);
            }
        } catch (StateException e) {
            problem = e.getMessage();
        }
        err.println("state: " + problem + "; rebuilding it from the raw logs");
        return Optional.empty();
    }

    private String incompatibility(StateManifest manifest) throws IOException {
        if (manifest.windowHours() != settings.windowHours()) {
            return "state " + stateLabel() + " was made for --window-hours " + manifest.windowHours() + ", this run ranks "
                    + settings.windowHours();
        }
        if (!new TreeSet<>(manifest.inputRoots()).equals(new TreeSet<>(settings.qualifiedRoots(conf)))) {
            return "state " + stateLabel() + " was made for the input roots " + manifest.inputRoots() + ", this run reads "
                    + settings.qualifiedRoots(conf);
        }
        if (manifest.windowEnd().isAfter(settings.window().end())) {
            return "state " + stateLabel() + " holds the window ending " + manifest.windowEnd()
                    + ", later than this run's " + settings.window().end();
        }
        return null;
    }

    private String stateLabel() {
        return settings.stateDir().toString();
    }
}
