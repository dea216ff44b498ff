package com.salesrank.api.replica;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * "replicas" in /actuator/health: each database's place in the rotation.
 * UP while a replica is in rotation; DEGRADED (still HTTP 200: reads are
 * answered) while only the primary is; DOWN when nothing can answer.
 */
@Component("replicasHealthIndicator")
class ReplicaHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "answering from the primary: no replica in rotation");

    private final ReplicaRouter router;

    ReplicaHealthIndicator(ReplicaRouter router) {
        this.router = router;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean replicaUp = false;
        for (DatabaseNode node : router.nodes()) {
            details.put(node.name(), describe(node));
            replicaUp |= node.role() == DatabaseNode.Role.REPLICA && node.isUp();
        }
        details.put("primaryFallback", router.primaryFallback());
        DatabaseNode primary = router.primary();
        boolean primaryUsable = primary != null && router.primaryFallback() && primary.isUp();
        Status status = replicaUp ? Status.UP : primaryUsable ? DEGRADED : Status.DOWN;
        return Health.status(status).withDetails(details).build();
    }

    private static Map<String, Object> describe(DatabaseNode node) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("role", node.role().name().toLowerCase());
        state.put("location", node.location());
        DatabaseNode.Outage outage = node.outage() != null ? node.outage() : node.lagging();
        state.put("inRotation", outage == null);
        if (outage != null) {
            state.put("outSince", outage.since().toString());
            state.put("cause", outage.cause());
        }
        return state;
    }
}
