package com.salesrank.ranker.incremental;

import com.salesrank.ranker.incremental.IncrementalJobs.Source;
import com.salesrank.ranker.incremental.IncrementalRanker.RawInputGate;
import com.salesrank.ranker.incremental.IncrementalRanker.Result;
import com.salesrank.ranker.incremental.IncrementalRanker.Settings;
import com.salesrank.ranker.incremental.LogListing.Plan;
import com.salesrank.ranker.state.SliceEntry;
import com.salesrank.ranker.state.StateManifest;
import com.salesrank.ranker.state.StateStore;
import com.salesrank.ranker.state.TotalsIndex;
import com.salesrank.ranker.state.TotalsPart;
import com.salesrank.ranker.window.RankingWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;

/**
 * An incremental run: moves the state's window to the run's window and ranks it. The logs not read before
 * become slices; the delta job sums what they and the slices at the windows' edges change; the apply job
 * rewrites the state's ranked totals with those changes, which are the run's ranking; then the new manifest
 * is committed.
 */
final class StateAdvance {

    private final Configuration conf;
    private final Settings settings;
    private final LogListing listing;
    private final IncrementalJobs jobs;
    private final RawInputGate gate;

    StateAdvance(Configuration conf, Settings settings, LogListing listing, IncrementalJobs jobs, RawInputGate gate) {
        this.conf = conf;
        this.settings = settings;
        this.listing = listing;
        this.jobs = jobs;
        this.gate = gate;
    }

    Result run(StateStore store, StateManifest old, Path workDir, PhaseTimes phases) throws Exception {
        RankingWindow window = settings.window();
        WindowMembership oldWindow = WindowMembership.of(old.windowStart(), old.windowEnd());
        WindowMembership newWindow = WindowMembership.of(window.start(), window.end());
        Plan plan = listing.plan(settings.inputs(), window, old);
        long generation = store.nextGeneration();
        Path genDir = store.freshGenerationDir(generation);
        phases.ended("list");

        Path sliceDir = new Path(genDir, "slices");
        List<Source> sources = RunSources.delta(plan, store, oldWindow, newWindow);
        int parts = old.totals().size();
        Path delta = new Path(workDir, "delta");
        Counters deltaCounters = jobs.delta(sources, sliceDir, delta, oldWindow, newWindow);
        gate.check(deltaCounters);
        List<SliceEntry> newSlices = RunSources.slicesMade(conf, plan.unread(), sliceDir, store);
        phases.ended("slice and delta");

        Path totalsDir = new Path(genDir, "totals");
        Path ranking = new Path(workDir, "ranking");
        Counters applyCounters = jobs.apply(store, old, delta, sources.size(), totalsDir, ranking);
        IncrementalJobs.checkState(deltaCounters, applyCounters);
        phases.ended("apply");
        List<TotalsPart> totals = new ArrayList<>();
        TotalsIndex categories = new TotalsIndex();
        for (int i = 0; i < parts; i++) {
            totals.add(PartSidecar.read(store, totalsDir, i, categories));
        }
        TotalsPart index = categories.writeTo(store, totalsDir);

        List<SliceEntry> slices = new ArrayList<>(plan.kept());
        slices.addAll(newSlices);
        slices.sort(Comparator.comparing(s -> s.source().path()));
        StateManifest next = new StateManifest(generation, settings.windowHours(), settings.qualifiedRoots(conf),
                window.end(), totals, index, slices);
        long rows = totals.stream().mapToLong(TotalsPart::rows).sum();
        ranking.getFileSystem(conf).create(new Path(ranking, "_SUCCESS"), true).close();
        store.commit(next);
        phases.ended("commit");
        long withdrawn = plan.removed().stream().filter(s -> !s.isEmpty()).count();
        return new Result(ranking, rows, deltaCounters, LogListing.bytes(plan.unread()), String.format(Locale.ROOT,
                "state generation %d: read %d new or changed logs, withdrew %d slices, re-read %d of %d kept slices,"
                        + " %,d state lines" + phases,
                generation, plan.unread().size(), plan.removed().size(),
                sources.size() - plan.unread().size() - withdrawn,
                plan.kept().size(), deltaCounters.findCounter(StateCounter.STATE_LINES_READ).getValue()
                        + applyCounters.findCounter(StateCounter.STATE_LINES_READ).getValue()));
    }
}
