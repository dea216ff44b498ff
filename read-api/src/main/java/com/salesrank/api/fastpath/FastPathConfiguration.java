package com.salesrank.api.fastpath;

import java.time.Duration;

import com.salesrank.api.ranking.RankingService;
import com.salesrank.api.web.CachedPageResponses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

@Configuration(proxyBeanMethods = false)
class FastPathConfiguration {

    /** Boot's observation filter (WebMvcObservationAutoConfiguration) runs at this order. */
    static final int OBSERVATION_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    @Bean
    FilterRegistrationBean<CacheHitFastPath> cacheHitFastPath(RankingService rankings,
            CachedPageResponses responses, HitRequestsTimer hitRequestsTimer) {
        FilterRegistrationBean<CacheHitFastPath> registration =
                new FilterRegistrationBean<>(new CacheHitFastPath(rankings, responses, hitRequestsTimer));
        registration.addUrlPatterns(CacheHitFastPath.PATH);
        // before Boot's observation filter (a hit is timed by HitRequestsTimer instead), at the
        // order of web.MalformedPathFilter: CacheHitFastPath leaves it every path that is not plain
        registration.setOrder(OBSERVATION_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PageLoadWriter> pageLoadWriter(CachedPageResponses responses,
            @Value("${spring.mvc.async.request-timeout}") Duration timeout) {
        FilterRegistrationBean<PageLoadWriter> registration =
                new FilterRegistrationBean<>(new PageLoadWriter(responses, timeout));
        registration.addUrlPatterns(CacheHitFastPath.PATH);
        // right after Boot's observation filter, so a page answered once loaded is observed, and
        // before the filters only Spring MVC needs (RequestContextFilter...)
        registration.setOrder(OBSERVATION_FILTER_ORDER + 1);
        return registration;
    }

    /**
     * The convention Boot's observation filter uses (a bean of the type if there is one, else
     * Spring's default under Boot's configured name), the observation filters Boot adds to its
     * registry (its beans of that type), and whether the observation would be recorded at all
     * (management.observations.enable.*, a no-op registry).
     */
    @Bean
    HitRequestsTimer hitRequestsTimer(MeterRegistry meters, ObjectProvider<ObservationRegistry> observations,
            ObservationProperties properties, ObjectProvider<ServerRequestObservationConvention> customConvention,
            ObjectProvider<ObservationFilter> filters) {
        String name = properties.getHttp().getServer().getRequests().getName();
        ServerRequestObservationConvention convention =
                customConvention.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
        ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        boolean enabled = !Observation.createNotStarted(convention.getName(), registry).isNoop();
        return new HitRequestsTimer(meters, convention, filters.orderedStream().toList(), enabled);
    }
}
