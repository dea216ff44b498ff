package com.salesrank.api.fastpath;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * Times the requests {@link CacheHitFastPath} answers in http.server.requests, the timer Boot's
 * observation filter records for every other request, under the same name and tags (the same
 * convention's, mapped by the same observation filters, plus the "error" tag Micrometer's meter
 * handler adds), so dashboards and alerts see one series.
 * <p>
 * The fast path runs before that filter because an observation per request (its context, key
 * values, and a meter lookup by tags when it stops) is a large share of a cache hit's CPU, while a
 * hit's tags only vary with its status: each status's timer is built once and reused.
 */
final class HitRequestsTimer {

    private final MeterRegistry meters;
    private final ServerRequestObservationConvention convention;
    private final List<ObservationFilter> filters;
    private final boolean enabled;
    private final Map<Integer, Timer> byStatus = new ConcurrentHashMap<>();

    /**
     * @param convention Boot's convention for http.server.requests (its name included)
     * @param filters    the observation filters Boot's registry applies (e.g. management.observations.key-values)
     * @param enabled    false when observations of http.server.requests are turned off: nothing is recorded
     */
    HitRequestsTimer(MeterRegistry meters, ServerRequestObservationConvention convention,
            List<ObservationFilter> filters, boolean enabled) {
        this.meters = meters;
        this.convention = convention;
        this.filters = List.copyOf(filters);
        this.enabled = enabled;
    }

    /** Records a hit answered with {@code response}'s status, or failed with {@code failure} (e.g. the client left). */
    void record(HttpServletRequest request, HttpServletResponse response, Throwable failure, long nanos) {
        if (!enabled) {
            return;
        }
        Timer timer;
        if (failure != null) {
            timer = timer(request, response, failure);
        } else {
            int status = response.getStatus();
            timer = byStatus.get(status);
            if (timer == null) {
                timer = byStatus.computeIfAbsent(status, s -> timer(request, response, null));
            }
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** What an observation's stop does with its context, then Micrometer's meter handler with the tags. */
    private Timer timer(HttpServletRequest request, HttpServletResponse response, Throwable failure) {
        ServerRequestObservationContext observed = new ServerRequestObservationContext(request, response);
        observed.setPathPattern(CacheHitFastPath.PATH);
        observed.setError(failure);
        observed.addLowCardinalityKeyValues(convention.getLowCardinalityKeyValues(observed));
        Observation.Context context = observed;
        for (ObservationFilter filter : filters) {
            context = filter.map(context);
        }
        Tags tags = Tags.of("error", failure == null ? "none" : failure.getClass().getSimpleName());
        for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
            tags = tags.and(keyValue.getKey(), keyValue.getValue());
        }
        return meters.timer(convention.getName(), tags);
    }
}
