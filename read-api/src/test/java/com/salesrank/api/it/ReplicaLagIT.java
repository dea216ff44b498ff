package com.salesrank.api.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas at different lag, for real: replica-0 is the stack's replica
 * with its SQL thread stopped (it keeps the old run), replica-1 is the primary
 * read through the reader's URL (it has every run at once). The live run only
 * moves forward, and only once every replica in rotation has it: here, once
 * replica-0 has lagged for longer than the 1 s allowed and left the rotation.
 * The tracker's live run is read where it publishes it for other instances,
 * in Redis (under this context's own key prefix).
 */
class ReplicaLagIT extends ReadApiIntegrationTest {

    static final String PREFIX = "salesrank:lagit";

    @DynamicPropertySource
    static void replicasAtDifferentLag(DynamicPropertyRegistry registry) {
        registry.add("salesrank.it.replica-urls", () -> String.join(",",
                StackEnvironment.withPort(STACK.replicaUrls().get(0), REPLICA_0.port()), STACK.primaryReaderUrl()));
        registry.add("salesrank.database.max-replica-lag", () -> "1s");
        registry.add("salesrank.cache.redis.key-prefix", () -> PREFIX);
    }

    @Autowired
    StringRedisTemplate redis;

    long liveRun() {
        String value = redis.opsForValue().get(PREFIX + ":run:current");
        return value == null ? -1 : Long.parseLong(value);
    }

    JsonNode replica0() throws Exception {
        return json(get("/actuator/health")).at("/components/replicas/details/replica-0");
    }

    @Test
    void theLiveRunMovesOnlyForwardAndOnlyToARunEveryReplicaInRotationHas() throws Exception {
        JsonNode replicas = json(get("/actuator/health")).at("/components/replicas/details");
        assertThat(replicas.at("/replica-1/location").asString())
                .as("replica-1 is the primary").endsWith(":" + StackEnvironment.hostAndPort(STACK.primaryUrl())[1]
                        + "/salesrank");
        int category = freshCategory();
        var first = RankingFixtures.ranking();
        first.put(category, sold(3001, 5));
        RankingFixtures.Published old = FIXTURES.publish(first);
        FIXTURES.awaitReplicated(old.runId());
        await().atMost(Duration.ofSeconds(10)).until(() -> liveRun() == old.runId());

        onReplicaAsAdmin("STOP SLAVE SQL_THREAD");
        try {
            var second = RankingFixtures.ranking();
            second.put(category, sold(3002, 9));
            RankingFixtures.Published fresh = FIXTURES.publish(second);
            assertThat(FIXTURES.liveRunOnReplica()).isEqualTo(old.runId());

            List<Long> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                long live = liveRun(); // first: replica-0 leaves the rotation before the live run moves past it
                boolean replica0InRotation = replica0().get("inRotation").asBoolean();
                seen.add(live);
                if (live == fresh.runId()) {
                    assertThat(replica0InRotation).as("run %d went live while replica-0 (run %d) was in rotation",
                            live, old.runId()).isFalse();
                    break;
                }
                Thread.sleep(50);
            }

            assertThat(seen).as("live runs seen").isSorted().startsWith(old.runId()).endsWith(fresh.runId());
            assertThat(replica0().get("cause").asString()).contains("serves run " + old.runId());
            JsonNode page = json(get("/api/v1/popular?category_id=" + category));
            assertThat(page.get("run_id").asLong()).as("read from replica-1").isEqualTo(fresh.runId());
            assertThat(page.get("items").get(0).get("product_id").asLong()).isEqualTo(3002);
        } finally {
            onReplicaAsAdmin("START SLAVE SQL_THREAD");
        }

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(replica0().get("inRotation").asBoolean()).as("caught up, back in rotation").isTrue());
        assertThat(liveRun()).isEqualTo(FIXTURES.liveRunOnPrimary());
    }
}
