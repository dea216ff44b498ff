package com.salesrank.ranker.incremental;

/**
 * How a slice counts in a delta between the state's window (old) and the window being ranked (new):
 * {@code delta = newWeight * counts(new) - oldWeight * counts(old)} per cell.
 */
enum SliceRole {
    /** A raw log this run reads: sliced into the state (or a scratch directory); not in the old totals. */
    LOG(0, 1),
    /** Its log changed or went away: its old contribution is withdrawn. */
    REMOVED(1, 0),
    /** Unchanged log whose cells may count differently in the two windows. */
    KEPT(1, 1);

    final int oldWeight;
    final int newWeight;

    SliceRole(int oldWeight, int newWeight) {
        this.oldWeight = oldWeight;
        this.newWeight = newWeight;
    }
}
