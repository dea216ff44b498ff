package com.salesrank.ranker.incremental;

import com.salesrank.ranker.failure.TaskFailures;
import com.salesrank.ranker.incremental.IncrementalRanker.RawInputGate;
import com.salesrank.ranker.incremental.IncrementalRanker.Result;
import com.salesrank.ranker.incremental.IncrementalRanker.Settings;
import com.salesrank.ranker.incremental.LogListing.Listed;
import com.salesrank.ranker.progress.JobProgressReporter;
import com.salesrank.ranker.rank.RankStage;
import com.salesrank.ranker.state.SliceEntry;
import com.salesrank.ranker.state.StateManifest;
import com.salesrank.ranker.state.StateStore;
import com.salesrank.ranker.state.TotalsPart;
import com.salesrank.ranker.state.TotalsWriter;
import com.salesrank.ranker.window.RankingWindow;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * Builds the state for the run's window from every raw log of it, and ranks the window: the window-totals job
 * slices every log and sums the window's totals ({@link IncrementalJobs#windowTotals}), stage 2 ranks them, the
 * ranking is copied into the state as its totals, and the manifest is committed. What a new installation and
 * every recovery pay.
 */
final class StateRebuild {

    private final Configuration conf;
    private final Settings settings;
    private final LogListing listing;
    private final IncrementalJobs jobs;
    private final RawInputGate gate;
    private final JobProgressReporter progress;
    private final Class<?> jarClass;

    StateRebuild(Configuration conf, Settings settings, LogListing listing, IncrementalJobs jobs, RawInputGate gate,
            JobProgressReporter progress, Class<?> jarClass) {
        this.conf = conf;
        this.settings = settings;
        this.listing = listing;
        this.jobs = jobs;
        this.gate = gate;
        this.progress = progress;
        this.jarClass = jarClass;
    }

    Result run(StateStore store, Path workDir) throws Exception {
        RankingWindow window = settings.window();
        WindowMembership newWindow = WindowMembership.of(window.start(), window.end());
        Map<String, Listed> listed = listing.list(settings.inputs(), window);
        List<Listed> all = new ArrayList<>(listed.values());
        long generation = store.nextGeneration();
        Path genDir = store.freshGenerationDir(generation);
        Path sliceDir = new Path(genDir, "slices");
        Path sums = new Path(workDir, "sums");
        int reducers = settings.reducers().orElse(conf.getInt("mapreduce.job.reduces", 1));
        Counters raw = jobs.windowTotals(RunSources.logs(all), LogListing.bytes(all), sliceDir, sums, newWindow, reducers);
        gate.check(raw);
        IncrementalJobs.checkState(raw, new Counters());
        List<SliceEntry> slices = RunSources.slicesMade(conf, all, sliceDir, store);
        Path fullRanking = new Path(workDir, "full-ranking");
        Job stage2 = RankStage.job(conf, sums, fullRanking, OptionalInt.of(reducers), jarClass);
        if (!progress.waitForCompletion(stage2, "rebuild: stage 2 (rank)", "rows")) {
            throw new IOException("rebuild: stage 2 (rank) failed: " + TaskFailures.describe(stage2));
        }
        TotalsWriter.Written totals = TotalsWriter.copy(fullRanking.getFileSystem(conf), fullRanking, store,
                new Path(genDir, "totals"));
        slices.sort(Comparator.comparing(s -> s.source().path()));
        StateManifest next = new StateManifest(generation, settings.windowHours(), settings.qualifiedRoots(conf),
                window.end(), totals.parts(), totals.index(), slices);
        Path ranking = new Path(workDir, "ranking");
        long rows = ranking(store, totals.parts(), fullRanking, ranking);
        store.commit(next);
        return new Result(ranking, rows, raw, LogListing.bytes(all), String.format(Locale.ROOT,
                "state generation %d rebuilt from %d logs%s", generation, all.size(),
                settings.top().isPresent() ? " (a head refresh needs a state: this run made one)" : ""));
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
