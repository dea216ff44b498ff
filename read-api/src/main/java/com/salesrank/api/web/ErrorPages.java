package com.salesrank.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/** A person's browser gets the pages' errors as HTML pages in the pages' look (templates/page-error.html). */
@Component
public class ErrorPages {

    public static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    private final ITemplateEngine templates;

    ErrorPages(ITemplateEngine templates) {
        this.templates = templates;
    }

    /** @param retryAfter seconds for Retry-After, or null */
    public ResponseEntity<byte[]> page(HttpStatus status, String title, String detail, String retryAfter) {
        Context context = new Context(Locale.ROOT);
        context.setVariable("status", status.value());
        context.setVariable("title", title);
        context.setVariable("detail", detail);
        byte[] html = templates.process("page-error", context).getBytes(StandardCharsets.UTF_8);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(html);
    }

    /** The 503 page of every page controller while nothing has been published. */
    public ResponseEntity<byte[]> nothingPublished() {
        return page(HttpStatus.SERVICE_UNAVAILABLE, "No ranking yet",
                "No ranking has been published yet; the ranking job publishes hourly.", "60");
    }

    /** The 503 page of every page controller when neither cache nor database can answer; logged once here. */
    public ResponseEntity<byte[]> unavailable(String title, RuntimeException e, HttpServletRequest request) {
        log.warn("503 for {}: {}", request.getRequestURI(), e.getMessage());
        return page(HttpStatus.SERVICE_UNAVAILABLE, title,
                "The ranking cannot be read right now; please try again shortly.", "5");
    }
}
