package com.salesrank.api.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Answers /actuator/health/{first}/{more...} with a 404 problem when
 * {first} is neither a health contributor nor a health group. Every request
 * is looked at, and by its raw path: Spring MVC matches the raw path's decoded
 * segments, so /actuator/health/../x reaches the health endpoint although the
 * container's normalised path (/actuator/x) would not match a filter mapping.
 * Actuator's health endpoint fails on such a path with an IllegalStateException
 * ("'contributor' must not be null"), which would be a 500. Known names go on to
 * Actuator, which answers unknown children with a 404 itself.
 */
class UnknownHealthPathFilter extends OncePerRequestFilter {

    private final ObjectProvider<HealthContributorRegistry> contributors;
    private final ObjectProvider<HealthEndpointGroups> groups;

    UnknownHealthPathFilter(ObjectProvider<HealthContributorRegistry> contributors,
            ObjectProvider<HealthEndpointGroups> groups) {
        this.contributors = contributors;
        this.groups = groups;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String rawPath = request.getRequestURI().substring(request.getContextPath().length());
        if (atLeastFourSegments(rawPath) && unknownHealthPath(segments(rawPath))) {
            Problems.write(response, Problems.document(HttpServletResponse.SC_NOT_FOUND, null,
                    Problems.title(HttpServletResponse.SC_NOT_FOUND),
                    "no health component or group of that name", request.getRequestURI()));
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean unknownHealthPath(List<String> segments) {
        return "actuator".equals(segments.get(0)) && "health".equals(segments.get(1)) && !known(segments.get(2));
    }

    // cheap test first: the hot path (/api/v1/popular) has three
    private static boolean atLeastFourSegments(String rawPath) {
        int slashes = 0;
        for (int i = 0; i < rawPath.length() && slashes < 4; i++) {
            if (rawPath.charAt(i) == '/') {
                slashes++;
            }
        }
        return slashes >= 4;
    }

    /**
     * The path's segments as Spring MVC matches them: from the raw request URI
     * (not the container's normalised path, which drops "." segments), path
     * parameters removed, each decoded. MalformedPathFilter has already
     * refused broken escapes.
     */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        String[] parts = rawPath.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int parameters = part.indexOf(';');
            segments.add(UriUtils.decode(parameters >= 0 ? part.substring(0, parameters) : part,
                    StandardCharsets.UTF_8));
        }
        return segments;
    }

    private boolean known(String name) {
        HealthContributorRegistry registry = contributors.getIfAvailable();
        HealthEndpointGroups endpointGroups = groups.getIfAvailable();
        return (registry != null && registry.getContributor(name) != null)
                || (endpointGroups != null && endpointGroups.get(name) != null);
    }
}
