package com.salesrank.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

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
}
