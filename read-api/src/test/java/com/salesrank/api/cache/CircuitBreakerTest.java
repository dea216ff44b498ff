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
        fail();
        fail();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isNotNull();
    }

    @Test
    void aSuccessResetsTheConsecutiveFailures() {
        fail();
        fail();
        breaker.onSuccess(breaker.tryAcquire());
        fail();
        fail();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void opensAtTheThresholdAndRefusesCallsUntilTheDelayPasses() {
        failThreeTimes();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isNull();
        advance(Duration.ofMillis(4999));
        assertThat(breaker.tryAcquire()).isNull();
    }

    @Test
    void halfOpensAfterTheDelayLettingExactlyOneTrialThrough() {
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isNotNull();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("second caller while the trial runs").isNull();
    }

    @Test
    void aSuccessfulTrialCloses() {
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        CircuitBreaker.Permit trial = breaker.tryAcquire();
        breaker.onSuccess(trial);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isNotNull();
        assertThat(breaker.tryAcquire()).isNotNull();
    }

    @Test
    void aStragglersSuccessDoesNotCloseAnOpenBreaker() {
        CircuitBreaker.Permit straggler = breaker.tryAcquire(); // let through while closed, finishing late
        failThreeTimes();
        breaker.onSuccess(straggler);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isNull();
    }

    @Test
    void aStragglersSuccessDoesNotCloseAHalfOpenBreaker() {
        CircuitBreaker.Permit straggler = breaker.tryAcquire(); // let through while closed, finishing late
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        CircuitBreaker.Permit trial = breaker.tryAcquire();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

        breaker.onSuccess(straggler);

        assertThat(breaker.state()).as("only the trial decides").isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isNull();
        breaker.onFailure(trial, "still down");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aStragglersFailureDoesNotReopenAClosedBreaker() {
        CircuitBreaker.Permit straggler = breaker.tryAcquire();
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        breaker.onSuccess(breaker.tryAcquire());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);

        breaker.onFailure(straggler, "from before");
        fail();
        fail();

        assertThat(breaker.state()).as("two failures of its own, under the threshold of 3")
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedTrialOpensAgainForAnotherDelay() {
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        CircuitBreaker.Permit trial = breaker.tryAcquire();
        breaker.onFailure(trial, "still down");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        advance(Duration.ofSeconds(4));
        assertThat(breaker.tryAcquire()).isNull();
        advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).isNotNull();
    }

    @Test
    void aTrialThatNeverReportsDoesNotWedgeTheBreaker() {
        failThreeTimes();
        advance(Duration.ofSeconds(5));
        CircuitBreaker.Permit abandoned = breaker.tryAcquire(); // the trial caller vanishes without reporting
        advance(Duration.ofSeconds(5));
        CircuitBreaker.Permit next = breaker.tryAcquire();
        assertThat(next).isNotNull().isNotSameAs(abandoned);

        breaker.onSuccess(abandoned);
        assertThat(breaker.state()).as("the abandoned trial no longer counts").isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breaker.onSuccess(next);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private void fail() {
        breaker.onFailure(breaker.tryAcquire(), "connection refused");
    }

    private void failThreeTimes() {
        for (int i = 0; i < 3; i++) {
            CircuitBreaker.Permit permit = breaker.tryAcquire();
            assertThat(permit).isNotNull();
            breaker.onFailure(permit, "connection refused");
        }
    }
}
