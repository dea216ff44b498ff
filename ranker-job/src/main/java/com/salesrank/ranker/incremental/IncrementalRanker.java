package com.salesrank.ranker.incremental;

import com.salesrank.ranker.incremental.IncrementalJobs.Source;
import com.salesrank.ranker.incremental.LogListing.Listed;
import com.salesrank.ranker.incremental.LogListing.Plan;
import com.salesrank.ranker.failure.TaskFailures;
import com.salesrank.ranker.progress.JobProgressReporter;
import com.salesrank.ranker.rank.RankStage;
import com.salesrank.ranker.state.InputFileId;
import com.salesrank.ranker.state.SliceEntry;
import com.salesrank.ranker.state.StateException;
import com.salesrank.ranker.state.StateManifest;
import com.salesrank.ranker.state.StateStore;
import com.salesrank.ranker.state.TotalsIndex;
import com.salesrank.ranker.state.TotalsPart;
import com.salesrank.ranker.state.TotalsWriter;
import com.salesrank.ranker.window.RankingWindow;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

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
 */
public final class IncrementalRanker {

    /**
     * @param inputs      the job's {@code --input} roots
     * @param top         K of a head refresh; empty for a full incremental run
     * @param reducers    reduce tasks of the rebuild's jobs (the parts of its totals); incremental runs keep the state's
     */
    public record Settings(List<String> inputs, RankingWindow window, int windowHours, Path stateDir, OptionalInt top,
            OptionalInt reducers, Duration lockWait) {
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
    private final StringBuilder phases = new StringBuilder();
    private long phaseStarted = System.nanoTime();
    private final Settings settings;
    private final PrintStream err;
    private final Class<?> jarClass;
    private final RawInputGate gate;
    private final LogListing listing;
    private final IncrementalJobs jobs;
    private final JobProgressReporter progress;

    /** @param progress runs the jobs, showing how far they are */
    public IncrementalRanker(Configuration conf, Settings settings, PrintStream err, Class<?> jarClass,
            JobProgressReporter progress, RawInputGate gate) {
        this.conf = conf;
        this.settings = settings;
        this.err = err;
        this.jarClass = jarClass;
        this.gate = gate;
        this.listing = new LogListing(conf);
        this.progress = progress;
        this.jobs = new IncrementalJobs(conf, jarClass, progress);
    }

    public Result run(Path workDir) throws Exception {
        StateStore store = StateStore.open(settings.stateDir(), conf);
        try (StateStore.Lock lock = store.lock(settings.lockWait())) {
            Optional<StateManifest> state = usableState(store);
            if (state.isPresent()) {
                try {
                    return settings.top().isPresent() ? head(store, state.get(), workDir) : advance(store, state.get(), workDir);
                } catch (StateException e) {
                    err.println("state: " + e.getMessage() + "; rebuilding it from the raw logs");
                    FileSystem workFs = workDir.getFileSystem(conf);
                    workFs.delete(workDir, true);
                }
            }
            return rebuild(store, workDir);
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
        if (!new TreeSet<>(manifest.inputRoots()).equals(new TreeSet<>(qualifiedRoots()))) {
            return "state " + stateLabel() + " was made for the input roots " + manifest.inputRoots() + ", this run reads "
                    + qualifiedRoots();
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

    // ------------------------------------------------------------------ the three kinds of run

    /** Moves the state's window to the run's window and ranks it. */
    private Result advance(StateStore store, StateManifest old, Path workDir) throws Exception {
        RankingWindow window = settings.window();
        WindowMembership oldWindow = WindowMembership.of(old.windowStart(), old.windowEnd());
        WindowMembership newWindow = WindowMembership.of(window.start(), window.end());
        Plan plan = listing.plan(settings.inputs(), window, old);
        long generation = store.nextGeneration();
        Path genDir = freshGeneration(store, generation);
        phase("list");

        Path sliceDir = new Path(genDir, "slices");
        List<Source> sources = logSources(plan.unread());
        plan.removed().stream().filter(s -> !s.isEmpty()).forEach(s -> sources.add(source(SliceRole.REMOVED, s, store)));
        plan.kept().stream().filter(s -> newWindow.mayDifferFrom(oldWindow, s))
                .forEach(s -> sources.add(source(SliceRole.KEPT, s, store)));
        int parts = old.totals().size();
        Path delta = new Path(workDir, "delta");
        Counters deltaCounters = jobs.delta(sources, sliceDir, delta, oldWindow, newWindow);
        gate.check(deltaCounters);
        List<SliceEntry> newSlices = readSliceMeta(plan.unread(), sliceDir, store);
        phase("slice and delta");

        Path totalsDir = new Path(genDir, "totals");
        Path ranking = new Path(workDir, "ranking");
        Counters applyCounters = jobs.apply(store, old, delta, sources.size(), totalsDir, ranking);
        IncrementalJobs.checkState(deltaCounters, applyCounters);
        phase("apply");
        List<TotalsPart> totals = new ArrayList<>();
        TotalsPart index = collectIndex(store, totalsDir, parts, totals);

        List<SliceEntry> slices = new ArrayList<>(plan.kept());
        slices.addAll(newSlices);
        slices.sort(Comparator.comparing(s -> s.source().path()));
        StateManifest next = new StateManifest(generation, settings.windowHours(), qualifiedRoots(), window.end(), totals,
                index, slices);
        long rows = totals.stream().mapToLong(TotalsPart::rows).sum();
        ranking.getFileSystem(conf).create(new Path(ranking, "_SUCCESS"), true).close();
        store.commit(next);
        phase("commit");
        return new Result(ranking, rows, deltaCounters, LogListing.bytes(plan.unread()), String.format(Locale.ROOT,
                "state generation %d: read %d new or changed logs, withdrew %d slices, re-read %d of %d kept slices,"
                        + " %,d state lines" + phases(),
                generation, plan.unread().size(), plan.removed().size(),
                sources.size() - plan.unread().size() - plan.removed().stream().filter(s -> !s.isEmpty()).count(),
                plan.kept().size(), deltaCounters.findCounter(StateCounter.STATE_LINES_READ).getValue()
                        + applyCounters.findCounter(StateCounter.STATE_LINES_READ).getValue()));
    }

    /** The first K rows of every category for the run's window, from the state and the logs it has not read; the state is not changed. */
    private Result head(StateStore store, StateManifest old, Path workDir) throws Exception {
        int k = settings.top().getAsInt();
        RankingWindow window = settings.window();
        WindowMembership oldWindow = WindowMembership.of(old.windowStart(), old.windowEnd());
        WindowMembership newWindow = WindowMembership.of(window.start(), window.end());
        Plan plan = listing.plan(settings.inputs(), window, old);
        phase("list");
        Path sliceDir = new Path(workDir, "slices"); // scratch: a head refresh leaves the state as it was
        List<Source> sources = logSources(plan.unread());
        plan.removed().stream().filter(s -> !s.isEmpty()).forEach(s -> sources.add(source(SliceRole.REMOVED, s, store)));
        plan.kept().stream().filter(s -> newWindow.mayDifferFrom(oldWindow, s))
                .forEach(s -> sources.add(source(SliceRole.KEPT, s, store)));
        Path delta = new Path(workDir, "delta");
        Counters deltaCounters = jobs.delta(sources, sliceDir, delta, oldWindow, newWindow);
        gate.check(deltaCounters);
        IncrementalJobs.checkState(deltaCounters, new Counters());
        Map<Integer, Map<Long, Long>> changes = IncrementalJobs.readDelta(conf,
                sources.isEmpty() ? List.of() : jobs.deltaFiles(delta, sources.size()), c -> true);
        phase("slice and delta");

        Path ranking = new Path(workDir, "ranking");
        FileSystem fs = ranking.getFileSystem(conf);
        long rows = 0;
        long totalsRowsRead;
        try (RankedTotalsReader totals = new RankedTotalsReader(store, old);
             Writer out = new BufferedWriter(new OutputStreamWriter(fs.create(new Path(ranking, "part-r-00000"), true),
                     StandardCharsets.US_ASCII), 1 << 16)) {
            TreeSet<Integer> categories = new TreeSet<>(totals.index().entries().keySet());
            categories.addAll(changes.keySet());
            for (int category : categories) {
                List<long[]> best = HeadSelector.select(k, totals.rows(category), changes.getOrDefault(category, Map.of()));
                for (int i = 0; i < best.size(); i++) {
                    out.write(category + "\t" + (i + 1) + "\t" + best.get(i)[0] + "\t" + best.get(i)[1] + "\n");
                }
                rows += best.size();
            }
            totalsRowsRead = totals.rowsRead();
        }
        fs.create(new Path(ranking, "_SUCCESS"), true).close();
        phase("select");
        return new Result(ranking, rows, deltaCounters, LogListing.bytes(plan.unread()), String.format(Locale.ROOT,
                "head of %d from state generation %d (window ending %s): read %d new or changed logs, %d slices,"
                        + " %,d of the state's ranked rows; state unchanged" + phases(),
                k, old.generation(), old.windowEnd(), plan.unread().size(), sources.size() - plan.unread().size(),
                totalsRowsRead));
    }

    /** Builds the state for the run's window from every raw log of it, and ranks the window. */
    private Result rebuild(StateStore store, Path workDir) throws Exception {
        RankingWindow window = settings.window();
        WindowMembership newWindow = WindowMembership.of(window.start(), window.end());
        Map<String, Listed> listed = listing.list(settings.inputs(), window);
        List<Listed> all = new ArrayList<>(listed.values());
        long generation = store.nextGeneration();
        Path genDir = freshGeneration(store, generation);
        Path sliceDir = new Path(genDir, "slices");
        Path sums = new Path(workDir, "sums");
        int reducers = settings.reducers().orElse(conf.getInt("mapreduce.job.reduces", 1));
        Counters raw = jobs.windowTotals(logSources(all), LogListing.bytes(all), sliceDir, sums, newWindow, reducers);
        gate.check(raw);
        IncrementalJobs.checkState(raw, new Counters());
        List<SliceEntry> slices = readSliceMeta(all, sliceDir, store);
        Path fullRanking = new Path(workDir, "full-ranking");
        Job stage2 = RankStage.job(conf, sums, fullRanking, OptionalInt.of(reducers), jarClass);
        if (!progress.waitForCompletion(stage2, "rebuild: stage 2 (rank)", "rows")) {
            throw new IOException("rebuild: stage 2 (rank) failed: " + TaskFailures.describe(stage2));
        }
        TotalsWriter.Written totals = TotalsWriter.copy(fullRanking.getFileSystem(conf), fullRanking, store,
                new Path(genDir, "totals"));
        slices.sort(Comparator.comparing(s -> s.source().path()));
        StateManifest next = new StateManifest(generation, settings.windowHours(), qualifiedRoots(), window.end(),
                totals.parts(), totals.index(), slices);
        Path ranking = new Path(workDir, "ranking");
        long rows = ranking(store, totals.parts(), fullRanking, ranking);
        store.commit(next);
        return new Result(ranking, rows, raw, LogListing.bytes(all), String.format(Locale.ROOT,
                "state generation %d rebuilt from %d logs%s", generation, all.size(),
                settings.top().isPresent() ? " (a head refresh needs a state: this run made one)" : ""));
    }

    /** Notes how long the phase that just ended took, for the run's report. */
    private void phase(String name) {
        long now = System.nanoTime();
        phases.append(phases.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(String.format(Locale.ROOT, "%.2f s", (now - phaseStarted) / 1e9));
        phaseStarted = now;
    }

    private String phases() {
        return " (" + phases + ")";
    }

    private List<String> qualifiedRoots() throws IOException {
        List<String> roots = new ArrayList<>();
        for (String input : settings.inputs()) {
            Path path = new Path(input);
            roots.add(path.getFileSystem(conf).makeQualified(path).toString());
        }
        return roots;
    }

    // ------------------------------------------------------------------ jobs

    /** The raw logs a run reads, as delta job inputs: log i becomes slice {@code s-i}. */
    private static List<Source> logSources(List<Listed> logs) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            sources.add(new Source(SliceRole.LOG, logs.get(i).folderHour(), i, 0, logs.get(i).status().getPath()));
        }
        return sources;
    }

    private List<SliceEntry> readSliceMeta(List<Listed> logs, Path sliceDir, StateStore store) throws IOException {
        FileSystem fs = sliceDir.getFileSystem(conf);
        List<SliceEntry> slices = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            Path slice = fs.makeQualified(new Path(sliceDir, "s-" + i));
            String[] meta;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(new Path(sliceDir, "s-" + i + ".meta")),
                    StandardCharsets.US_ASCII))) {
                meta = in.readLine().split("\t");
            }
            Listed log = logs.get(i);
            slices.add(new SliceEntry(store == null ? slice.toString() : store.relativize(slice), log.folderHour(),
                    Long.parseLong(meta[2]), Long.parseLong(meta[3]), Long.parseLong(meta[0]), Long.parseLong(meta[1]),
                    InputFileId.of(log.status())));
        }
        return slices;
    }

    private static Source source(SliceRole role, SliceEntry slice, StateStore store) {
        return new Source(role, slice.folderHour(), slice.records(), slice.crc(),
                store.fileSystem().makeQualified(store.resolve(slice.file())));
    }

    // ------------------------------------------------------------------ files

    private Path freshGeneration(StateStore store, long generation) throws IOException {
        Path dir = store.generationDir(generation);
        store.fileSystem().delete(dir, true); // what a run of this generation left when it died
        store.fileSystem().mkdirs(dir);
        return dir;
    }

    private TotalsPart collectIndex(StateStore store, Path totalsDir, int parts, List<TotalsPart> totals) throws IOException {
        FileSystem fs = store.fileSystem();
        TotalsIndex index = new TotalsIndex();
        for (int i = 0; i < parts; i++) {
            String name = String.format(Locale.ROOT, "part-r-%05d", i);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(new Path(totalsDir, name + ".index")),
                    StandardCharsets.US_ASCII))) {
                String[] meta = in.readLine().split("\t");
                totals.add(new TotalsPart(store.relativize(new Path(totalsDir, name)), Long.parseLong(meta[0]),
                        Long.parseLong(meta[1]), Long.parseLong(meta[2])));
                for (String line; (line = in.readLine()) != null; ) {
                    String[] f = line.split("\t");
                    index.put(Integer.parseInt(f[0]), new TotalsIndex.Entry(i, Long.parseLong(f[1]), Long.parseLong(f[2])));
                }
            }
        }
        return index.writeTo(store, totalsDir);
    }

    /**
     * The run's ranking from the rebuild's: whole, stage 2's output itself, moved (the totals are a copy of
     * its bytes); or the state's totals cut at K when a head refresh had to rebuild the state.
     */
    private long ranking(StateStore store, List<TotalsPart> totals, Path fullRanking, Path ranking) throws IOException {
        FileSystem fs = ranking.getFileSystem(conf);
        if (settings.top().isEmpty()) {
            if (!fs.rename(fullRanking, ranking)) {
                throw new IOException("rebuild: cannot move " + fullRanking + " to " + ranking);
            }
            return totals.stream().mapToLong(TotalsPart::rows).sum();
        }
        fs.mkdirs(ranking);
        long rows = 0;
        for (TotalsPart part : totals) {
            Path from = store.resolve(part.file());
            Path to = new Path(ranking, from.getName());
            int k = settings.top().getAsInt();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(store.fileSystem().open(from),
                    StandardCharsets.US_ASCII), 1 << 16);
                 Writer out = new BufferedWriter(new OutputStreamWriter(fs.create(to, true), StandardCharsets.US_ASCII),
                         1 << 16)) {
                for (String line; (line = in.readLine()) != null; ) {
                    int a = line.indexOf('\t');
                    long rank = Long.parseLong(line.substring(a + 1, line.indexOf('\t', a + 1)));
                    if (rank <= k) {
                        out.write(line);
                        out.write('\n');
                        rows++;
                    }
                }
            }
        }
        fs.create(new Path(ranking, "_SUCCESS"), true).close();
        return rows;
    }

}
