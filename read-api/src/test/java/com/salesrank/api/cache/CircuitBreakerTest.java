package com.salesrank.api.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final CircuitBreaker breaker = new CircuitBreaker("test", 3, Duration.ofSeconds(5), nanos::get);

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void staysClosedBelowTheThreshold() {
        breaker.onFailure("boom");
        breaker.onFailure("boom");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aSuccessResetsTheConsecutiveFailures() {
        breaker.onFailure("boom");
        breaker.onFailure("boom");
        breaker.onSuccess();
        breaker.onFailure("boom");
        breaker.onFailure("boom");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void opensAtTheThresholdAndRefusesCallsUntilTheDelayPasses() {
        failThreeTimes();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        advance(Duration.ofMillis(4999));
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void halfOpensAfterTheDelayLettingExactlyOneTrialThrough() {
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("second caller while the trial runs").isFalse();
    }

    @Test
    void aSuccessfulTrialCloses() {
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aStragglersSuccessDoesNotCloseAnOpenBreaker() {
        failThreeTimes();
        breaker.onSuccess(); // a call from before the breaker opened, finishing late
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aFailedTrialOpensAgainForAnotherDelay() {
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure("still down");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        advance(Duration.ofSeconds(4));
        assertThat(breaker.tryAcquire()).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aTrialThatNeverReportsDoesNotWedgeTheBreaker() {
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue(); // the trial caller vanishes without reporting
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    private void failThreeTimes() {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure("connection refused");
        }
    }
}
