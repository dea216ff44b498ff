package com.salesrank.api.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.salesrank.api.replica.DatabaseUnavailableException;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET /ops on the ops port only (see {@link OpsPort}): the rankings' freshness against their
 * targets, the last 48 runs, the replicas' lag and the cache tiers' hit ratios. Never cached. On the
 * public port it does not exist: the same 404 problem document as any unknown path.
 */
@Controller
@Hidden
class OpsController {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final OpsRepository repository;
    private final CacheTiers caches;
    private final OpsPort.OpsPortCheck opsPort;
    private final ITemplateEngine templates;
    private final JsonMapper json = JsonMapper.builder().build();

    OpsController(OpsRepository repository, CacheTiers caches, OpsPort.OpsPortCheck opsPort, ITemplateEngine templates) {
        this.repository = repository;
        this.caches = caches;
        this.opsPort = opsPort;
        this.templates = templates;
    }

    @GetMapping("/ops")
    ResponseEntity<byte[]> ops(HttpServletRequest request) throws NoHandlerFoundException {
        if (!opsPort.cameThroughOpsPort(request)) {
            throw new NoHandlerFoundException(request.getMethod(), request.getRequestURI(), new HttpHeaders());
        }
        Context context = new Context(Locale.ROOT);
        context.setVariable("now", SHOWN.format(Instant.now()));
        context.setVariable("shown", SHOWN);
        String unavailable = null;
        List<OpsRepository.Freshness> freshness = List.of();
        List<OpsRepository.Run> runs = List.of();
        try {
            freshness = repository.freshness();
            runs = repository.lastRuns();
        } catch (DatabaseUnavailableException | DataAccessException e) {
            // the page still shows what this instance knows: replicas and caches
            unavailable = "The ops views cannot be read right now: " + e.getMessage();
        }
        context.setVariable("unavailable", unavailable);
        context.setVariable("freshness", freshness);
        context.setVariable("runs", runs);
        context.setVariable("runsJson", json.writeValueAsString(chartData(runs)));
        context.setVariable("replicas", repository.replicaLag());
        context.setVariable("tiers", caches.tiers());
        context.setVariable("databaseLoads", caches.databaseLoads());
        byte[] html = templates.process("ops", context).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(HTML).header(HttpHeaders.CACHE_CONTROL, "no-store").body(html);
    }

    /** Columns for the charts: x (run id), duration (s), rows, malformed lines. */
    private static Map<String, List<Number>> chartData(List<OpsRepository.Run> runs) {
        Map<String, List<Number>> columns = new LinkedHashMap<>();
        List<Number> x = new ArrayList<>();
        List<Number> seconds = new ArrayList<>();
        List<Number> rows = new ArrayList<>();
        List<Number> malformed = new ArrayList<>();
        for (OpsRepository.Run run : runs) {
            x.add(run.runId());
            seconds.add(run.jobWallMs() / 1000.0);
            rows.add(run.rowsPublished());
            malformed.add(run.malformedLines());
        }
        columns.put("run", x);
        columns.put("seconds", seconds);
        columns.put("rows", rows);
        columns.put("malformed", malformed);
        return columns;
    }
}
