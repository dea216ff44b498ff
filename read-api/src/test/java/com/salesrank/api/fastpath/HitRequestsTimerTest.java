package com.salesrank.api.fastpath;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationFilter;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HitRequestsTimerTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/popular");
    final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void aHitIsTimedUnderBootsNameAndTagsOncePerStatus() {
        HitRequestsTimer timer = new HitRequestsTimer(meters,
                new DefaultServerRequestObservationConvention("http.server.requests"), List.of(), true);

        timer.record(request, response, null, 2_000_000);
        timer.record(request, response, null, 4_000_000);

        Timer timed = meters.get("http.server.requests").timer();
        assertThat(timed.getId().getTags()).extracting(tag -> tag.getKey() + "=" + tag.getValue())
                .containsExactlyInAnyOrder("error=none", "exception=none", "method=GET", "outcome=SUCCESS",
                        "status=200", "uri=/api/v1/popular");
        assertThat(timed.count()).isEqualTo(2);
        assertThat(timed.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
    }

    @Test
    void theRegistrysObservationFiltersAddTheirTagsAsForEveryOtherRequest() {
        ObservationFilter region = context -> context.addLowCardinalityKeyValue(
                KeyValue.of("region", "eu-1"));
        HitRequestsTimer timer = new HitRequestsTimer(meters,
                new DefaultServerRequestObservationConvention(), List.of(region), true);

        timer.record(request, response, null, 1_000_000);

        assertThat(meters.find("http.server.requests").tags("region", "eu-1", "status", "200").timer())
                .isNotNull().extracting(Timer::count).isEqualTo(1L);
    }

    @Test
    void aFailedWriteIsTimedWithItsException() {
        HitRequestsTimer timer = new HitRequestsTimer(meters,
                new DefaultServerRequestObservationConvention(), List.of(), true);

        timer.record(request, response, new IOException("broken pipe"), 1_000_000);

        assertThat(meters.find("http.server.requests").tags("exception", "IOException", "error", "IOException")
                .timer()).isNotNull().extracting(Timer::count).isEqualTo(1L);
    }

    @Test
    void nothingIsRecordedWhenTheObservationIsOff() {
        new HitRequestsTimer(meters, new DefaultServerRequestObservationConvention(), List.of(), false)
                .record(request, response, null, 1_000_000);

        assertThat(meters.find("http.server.requests").timers()).isEmpty();
    }
}
