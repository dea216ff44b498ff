package com.salesrank.api.ops;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** The cache tiers' hit ratios since this instance started, from the counters RankingCache registers. */
@Component
class CacheTiers {

    static final String LOOKUPS = "salesrank.cache.lookups";

    /** @param ratio hits / (hits + misses), or null before the first lookup */
    record Tier(String tier, long hits, long misses, Double ratio) {
    }

    private final MeterRegistry meters;

    CacheTiers(MeterRegistry meters) {
        this.meters = meters;
    }

    List<Tier> tiers() {
        return List.of(tier("near"), tier("redis"));
    }

    /** Pages loaded from the database (every lookup both tiers missed). */
    long databaseLoads() {
        return count("db", "load");
    }

    private Tier tier(String tier) {
        long hits = count(tier, "hit");
        long misses = count(tier, "miss");
        return new Tier(tier, hits, misses, hits + misses == 0 ? null : (double) hits / (hits + misses));
    }

    private long count(String tier, String result) {
        Counter counter = meters.find(LOOKUPS).tag("tier", tier).tag("result", result).counter();
        return counter == null ? 0 : (long) counter.count();
    }
}
