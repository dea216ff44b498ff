package com.salesrank.api.run;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which run is live, given the run each replica serves. The live run only
 * moves forward, and only to a run every replica in rotation already has:
 * otherwise, with replicas at different lag, the run (and with it every cache
 * key and ETag) would flip back and forth with the replica a poll happens to
 * reach. A replica that has served an older run than the newest one for
 * longer than {@code maxLagNanos} is held out of rotation, so it stops holding
 * the live run back, until it has the newest run too.
 *
 * <p>Not thread-safe: the run tracker's poll thread is its only caller.
 */
final class LiveRunRule {

    /**
     * @param liveRunId the live run after this poll (-1: none known)
     * @param lagging   replicas (by name) to hold out of rotation; every other one is in rotation
     */
    record Verdict(long liveRunId, Set<String> lagging) {
    }

    private final long maxLagNanos;
    private final Map<String, Long> behindSince = new HashMap<>();

    LiveRunRule(long maxLagNanos) {
        this.maxLagNanos = maxLagNanos;
    }

    /**
     * @param knownRunId the live run so far (-1: none)
     * @param runs       each answering replica's run id (-1: nothing published there), by name
     * @param nowNanos   a monotonic clock
     */
    Verdict decide(long knownRunId, Map<String, Long> runs, long nowNanos) {
        behindSince.keySet().retainAll(runs.keySet());
        long newest = -1;
        for (long run : runs.values()) {
            newest = Math.max(newest, run);
        }
        Set<String> lagging = new HashSet<>();
        long everyReplicaHas = Long.MAX_VALUE;
        for (Map.Entry<String, Long> replica : runs.entrySet()) {
            long run = replica.getValue();
            if (run >= newest) {
                behindSince.remove(replica.getKey());
            } else if (nowNanos - behindSince.computeIfAbsent(replica.getKey(), name -> nowNanos) > maxLagNanos) {
                lagging.add(replica.getKey());
                continue;
            }
            everyReplicaHas = Math.min(everyReplicaHas, run);
        }
        if (everyReplicaHas == Long.MAX_VALUE) {
            return new Verdict(knownRunId, lagging); // no replica answered
        }
        return new Verdict(Math.max(knownRunId, everyReplicaHas), lagging);
    }
}
