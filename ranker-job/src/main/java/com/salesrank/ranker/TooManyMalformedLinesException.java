package com.salesrank.ranker;

import java.util.Locale;

/** More lines were malformed than {@code --max-malformed-ratio} allows; nothing was written or published. */
final class TooManyMalformedLinesException extends Exception {

    private final transient RunSummary summary;

    TooManyMalformedLinesException(RunSummary summary, double maxRatio) {
        super(String.format(Locale.ROOT,
                "%,d of %,d lines (%.4f%%) are malformed, above --max-malformed-ratio %s; nothing was published",
                summary.malformed(), summary.linesRead(), 100 * summary.malformedRatio(), maxRatio));
        this.summary = summary;
    }

    /** The counts that tripped the limit. */
    RunSummary summary() {
        return summary;
    }
}
