package com.salesrank.ranker.incremental;

import com.salesrank.ranker.incremental.IncrementalJobs.Source;
import com.salesrank.ranker.incremental.IncrementalRanker.RawInputGate;
import com.salesrank.ranker.incremental.IncrementalRanker.Result;
import com.salesrank.ranker.incremental.IncrementalRanker.Settings;
import com.salesrank.ranker.incremental.LogListing.Plan;
import com.salesrank.ranker.state.StateManifest;
import com.salesrank.ranker.state.StateStore;
import com.salesrank.ranker.window.RankingWindow;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;

/**
 * A head refresh ({@code --top K}): the first K rows of every category for the run's window, from the state and
 * the logs it has not read. The same delta as {@link StateAdvance}, sliced into scratch; then the first K rows of
 * every category picked from a prefix of the state's ranking ({@link HeadSelector}). The state is not changed.
 */
final class HeadRefresh {

    private final Configuration conf;
    private final Settings settings;
    private final LogListing listing;
    private final IncrementalJobs jobs;
    private final RawInputGate gate;

    HeadRefresh(Configuration conf, Settings settings, LogListing listing, IncrementalJobs jobs, RawInputGate gate) {
        this.conf = conf;
        this.settings = settings;
        this.listing = listing;
        this.jobs = jobs;
        this.gate = gate;
    }

    Result run(StateStore store, StateManifest old, Path workDir, PhaseTimes phases) throws Exception {
        int k = settings.top().getAsInt();
        RankingWindow window = settings.window();
        WindowMembership oldWindow = WindowMembership.of(old.windowStart(), old.windowEnd());
        WindowMembership newWindow = WindowMembership.of(window.start(), window.end());
        Plan plan = listing.plan(settings.inputs(), window, old);
        phases.ended("list");
        Path sliceDir = new Path(workDir, "slices"); // scratch: a head refresh leaves the state as it was
        List<Source> sources = RunSources.delta(plan, store, oldWindow, newWindow);
        Path delta = new Path(workDir, "delta");
        Counters deltaCounters = jobs.delta(sources, sliceDir, delta, oldWindow, newWindow);
        gate.check(deltaCounters);
        IncrementalJobs.checkState(deltaCounters, new Counters());
        Map<Integer, Map<Long, Long>> changes = IncrementalJobs.readDelta(conf,
                sources.isEmpty() ? List.of() : jobs.deltaFiles(delta, sources.size()), c -> true);
        phases.ended("slice and delta");

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
        phases.ended("select");
        return new Result(ranking, rows, deltaCounters, LogListing.bytes(plan.unread()), String.format(Locale.ROOT,
                "head of %d from state generation %d (window ending %s): read %d new or changed logs, %d slices,"
                        + " %,d of the state's ranked rows; state unchanged" + phases,
                k, old.generation(), old.windowEnd(), plan.unread().size(), sources.size() - plan.unread().size(),
                totalsRowsRead));
    }
}
