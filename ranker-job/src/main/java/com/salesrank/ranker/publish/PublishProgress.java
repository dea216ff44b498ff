package com.salesrank.ranker.publish;

import java.util.function.LongSupplier;

/** Hears which phase a publish is in, to show it while it runs; the publish protocol does not depend on it. */
public interface PublishProgress {

    /** Shows nothing. */
    PublishProgress NONE = new PublishProgress() {
        @Override
        public void phase(String name, LongSupplier rows) {
        }

        @Override
        public void end() {
        }
    };

    /**
     * A phase began: {@code load} (the staging table filled), {@code index} (its secondary indexes built) or
     * {@code swap} (the RENAME and its bookkeeping).
     *
     * @param rows the rows passed to the server so far, or null when the phase moves no rows
     */
    void phase(String name, LongSupplier rows);

    /** The publish ended, whichever way. */
    void end();
}
