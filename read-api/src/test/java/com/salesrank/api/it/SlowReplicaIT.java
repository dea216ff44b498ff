package com.salesrank.api.it;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow replica: the TCP proxy in front of it holds every chunk, each way, for 300 ms. Under load
 * its reads are hedged to the other replica, it leaves the rotation, the other replica answers (not
 * the primary) and not one request fails; once it is fast again a probe brings it back and it
 * answers again.
 */
class SlowReplicaIT extends ReadApiIntegrationTest {

    static final int CLIENTS = 4;

    @Test
    void aSlowReplicaLeavesTheRotationWhileSlowAndComesBackOnceFast() throws Exception {
        int category = freshCategory();
        RankingFixtures.Published run = publishLive(category, 6001, 9);

        ReadLoad load = new ReadLoad(port, CLIENTS, category, run.runId());
        try {
            awaitReadsOn("replica-0");
            double primaryReads = count("salesrank.db.reads", "node", "primary");

            REPLICA_0.delay(Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(inRotation("replica-0")).as("the slow replica left the rotation").isFalse());
            double slowReads = count("salesrank.db.reads", "node", "replica-0");
            awaitReadsOn("replica-1");
            awaitReadsOn("replica-1");
            // a read already on it when it left may still finish there; a new one never starts there
            assertThat(count("salesrank.db.reads", "node", "replica-0")).as("reads moved away from the slow replica")
                    .isLessThanOrEqualTo(slowReads + CLIENTS);
            assertThat(count("salesrank.db.reads", "node", "primary")).as("the other replica answers, not the primary")
                    .isEqualTo(primaryReads);

            REPLICA_0.delay(Duration.ZERO);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(inRotation("replica-0")).as("back in rotation once fast").isTrue());
            awaitReadsOn("replica-0");
        } finally {
            REPLICA_0.delay(Duration.ZERO);
            load.close();
        }
        assertThat(load.failures()).as("failed requests out of %d", load.answered()).isEmpty();
        assertThat(count("salesrank.db.hedged", "node", "replica-0")).as("reads hedged off the slow replica")
                .isPositive();
    }
}
