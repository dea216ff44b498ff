package com.salesrank.ranker.publish;

/**
 * Publishing failed; {@link #outcome()} says what that did to the live ranking, so the job can tell
 * operators the truth instead of assuming the previous ranking is still live.
 */
public class PublishException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What a failed publish did to the live ranking. */
    public enum Outcome {
        /** The failure came before the swap, or the swap was verified not to have happened: the previous ranking is live. */
        NOT_PUBLISHED,
        /** The swap happened: the new run is live; what failed came after it (dropping old tables, the history row). */
        PUBLISHED,
        /** The swap was sent but its result is unknown (connection lost) and could not be verified afterwards. */
        UNKNOWN
    }

    private final Outcome outcome;
    private final long runId;

    /** A failure before anything live was touched: {@link Outcome#NOT_PUBLISHED}. */
    public PublishException(String message) {
        this(Outcome.NOT_PUBLISHED, -1, message, null);
    }

    /** A failure before anything live was touched: {@link Outcome#NOT_PUBLISHED}. */
    public PublishException(String message, Throwable cause) {
        this(Outcome.NOT_PUBLISHED, -1, message, cause);
    }

    /** @param runId the run id the swap would make (or made) live; -1 if none was chosen yet */
    public PublishException(Outcome outcome, long runId, String message, Throwable cause) {
        super(message, cause);
        this.outcome = java.util.Objects.requireNonNull(outcome, "outcome");
        this.runId = runId;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The run the failed publish would have made live, or made live; -1 if it failed before choosing one. */
    public long runId() {
        return runId;
    }
}
