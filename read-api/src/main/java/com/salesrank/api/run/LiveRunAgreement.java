package com.salesrank.api.run;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.salesrank.api.replica.DatabaseNode;
import com.salesrank.api.replica.ReplicaRouter;

/**
 * Which full run may go live: the newest one every replica in rotation has ({@link LiveRunRule}), so the
 * live run never flips between replicas; a replica that lags too long is held out of the rotation until
 * it catches up.
 */
final class LiveRunAgreement {

    private final LiveRunRepository repository;
    private final ReplicaRouter router;
    private final LiveRunRule rule;
    private final long maxLagSeconds;

    LiveRunAgreement(LiveRunRepository repository, ReplicaRouter router, LiveRunRule rule, long maxLagSeconds) {
        this.repository = repository;
        this.router = router;
        this.rule = rule;
        this.maxLagSeconds = maxLagSeconds;
    }

    /**
     * The newest run every replica in rotation has, holding out (or letting
     * back) replicas by their lag; the primary's run when no replica answers.
     *
     * @param known the live run as last decided, or null
     * @return the run, or null when there is none to move to
     */
    PublishedRun decide(PublishedRun known) {
        Map<DatabaseNode, Optional<PublishedRun>> onReplicas = repository.currentRunOnEachReplica();
        if (onReplicas.isEmpty()) {
            return repository.currentRun();
        }
        Map<String, Long> runIds = new HashMap<>();
        Map<Long, PublishedRun> runs = new HashMap<>();
        for (Map.Entry<DatabaseNode, Optional<PublishedRun>> replica : onReplicas.entrySet()) {
            long runId = replica.getValue().map(PublishedRun::runId).orElse(-1L);
            runIds.put(replica.getKey().name(), runId);
            replica.getValue().ifPresent(run -> runs.put(run.runId(), run));
        }
        LiveRunRule.Verdict verdict = rule.decide(known == null ? -1 : known.runId(), runIds, System.nanoTime());
        long newest = runIds.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        for (DatabaseNode replica : onReplicas.keySet()) {
            if (verdict.lagging().contains(replica.name())) {
                router.holdOutLagging(replica, "serves run " + runIds.get(replica.name()) + " while run " + newest
                        + " has been on another replica for over " + maxLagSeconds + " s");
            } else {
                router.releaseCaughtUp(replica);
            }
        }
        if (known != null && verdict.liveRunId() == known.runId()) {
            return known;
        }
        return runs.get(verdict.liveRunId());
    }
}
