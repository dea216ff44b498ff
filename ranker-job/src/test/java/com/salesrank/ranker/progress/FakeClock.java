package com.salesrank.ranker.progress;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Nanoseconds that move only when told to. */
final class FakeClock implements LongSupplier {

    private long nanos;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }

    Duration elapsed() {
        return Duration.ofNanos(nanos);
    }
}
