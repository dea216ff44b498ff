package com.salesrank.ranker.incremental;

import java.util.Locale;

/** How long each phase of a run took, for its one-line report: {@code (list 0.41 s, apply 2.34 s)}. */
final class PhaseTimes {

    private final StringBuilder phases = new StringBuilder();
    private long phaseStarted = System.nanoTime();

    /** Notes how long the phase that just ended took. */
    void ended(String name) {
        long now = System.nanoTime();
        phases.append(phases.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(String.format(Locale.ROOT, "%.2f s", (now - phaseStarted) / 1e9));
        phaseStarted = now;
    }

    @Override
    public String toString() {
        return " (" + phases + ")";
    }
}
