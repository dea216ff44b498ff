package com.salesrank.api.replica;

/**
 * How one query on one database ended: an answer, a failure (and what it says about the
 * database), or skipped (it was still queued when the read already had its answer).
 */
record Attempt<T>(DatabaseNode node, boolean ok, T value, RuntimeException failure, FailureKind kind) {

    static <T> Attempt<T> answered(DatabaseNode node, T value) {
        return new Attempt<>(node, true, value, null, null);
    }

    static <T> Attempt<T> failed(DatabaseNode node, RuntimeException failure, FailureKind kind) {
        return new Attempt<>(node, false, null, failure, kind);
    }

    static <T> Attempt<T> skipped(DatabaseNode node) {
        return new Attempt<>(node, false, null, null, FailureKind.BUSY);
    }
}
