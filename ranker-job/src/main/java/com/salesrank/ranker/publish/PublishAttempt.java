package com.salesrank.ranker.publish;

/** What one publish got to: its session, the run it picked, and whether the RENAME was sent or completed. */
final class PublishAttempt {
    long connectionId = -1;
    long runId = -1;
    boolean swapSent;
    boolean swapped;
}
