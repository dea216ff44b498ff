package com.salesrank.api.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** The problem types (RFC 9457) this API defines beyond the plain HTTP statuses. */
final class Problems {

    static final URI INVALID_PARAMETER = URI.create("urn:salesrank:problem:invalid-parameter");
    static final URI MALFORMED_QUERY = URI.create("urn:salesrank:problem:malformed-query");
    static final URI NOT_PUBLISHED = URI.create("urn:salesrank:problem:no-ranking-published");
    static final URI UNAVAILABLE = URI.create("urn:salesrank:problem:ranking-unavailable");
    static final URI NOT_RANKED = URI.create("urn:salesrank:problem:not-ranked-in-category");
    static final URI BUSY = URI.create("urn:salesrank:problem:database-reads-busy");

    static final String MALFORMED_QUERY_DETAIL = "the query string cannot be decoded: names and values must be "
            + "percent-encoded UTF-8 ('%2F', not '%zz' or a lone '%') and every pair needs a name";

    // Not Boot's mapper: Tomcat instantiates ProblemReportValve by class name, outside the
    // application context, and it writes with this too; the documents are flat maps of strings
    // and numbers, which any mapper writes alike.
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /**
     * A problem document for writing without Spring MVC; {@code path} becomes
     * the instance if it is a valid URI reference.
     */
    static Map<String, Object> document(int status, URI type, String title, String detail, String path) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type == null ? "about:blank" : type.toString());
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        URI instance = uriOrNull(path);
        if (instance != null) {
            problem.put("instance", instance.toString());
        }
        return problem;
    }

    static String json(Map<String, Object> document) {
        return JSON.writeValueAsString(document);
    }

    /**
     * Writes the document as the whole response, straight to the servlet
     * response: no content negotiation, and none of Spring MVC's processing of
     * the request path, either of which can fail on the very request being
     * answered.
     */
    static void write(HttpServletResponse response, Map<String, Object> document) throws IOException {
        byte[] body = JSON.writeValueAsBytes(document);
        response.setStatus((Integer) document.get("status"));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Sets the problem's instance to the request path, unless the path is not a valid URI reference. */
    static void instance(ProblemDetail problem, String path) {
        URI uri = uriOrNull(path);
        if (uri != null) {
            problem.setInstance(uri);
        }
    }

    /** The path as a URI reference, or null if it is not one (never echo something malformed). */
    static URI uriOrNull(String path) {
        if (path == null) {
            return null;
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /** The status's reason phrase, or a generic title for a code Spring does not know. */
    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : status >= 500 ? "Server Error" : "Client Error";
    }

    /**
     * A detail for an error whose origin left none: the container rejected the
     * request before the application saw it, or a component answered with a
     * bare status. Says what the client can change, never what failed inside.
     */
    static String detailFor(int status) {
        return switch (status) {
            case 400 -> "the request is malformed: its path, query or headers cannot be parsed (for example an "
                    + "encoded '/', '\\' or NUL in the path, invalid percent-encoding or invalid UTF-8)";
            case 404 -> "no resource at this path; the API serves /api/v1/popular?category_id=N and "
                    + "/api/v1/products/{product_id}/rank";
            case 405 -> "this method is not supported here; the API answers GET (and HEAD)";
            case 406 -> "none of the media types in the Accept header can be produced; this API answers "
                    + "application/json and application/problem+json";
            case 408 -> "the request was not received in time";
            case 411 -> "the request needs a Content-Length";
            case 413 -> "the request is too large";
            case 414 -> "the request line is too long";
            case 415 -> "the request's media type is not supported";
            case 417 -> "the Expect header cannot be met; only 'Expect: 100-continue' is supported";
            case 431 -> "the request's headers are too large";
            case 501 -> "this method is not implemented";
            case 503 -> "the service cannot answer right now; retry shortly";
            default -> status >= 500 ? "an unexpected error occurred; it has been logged"
                    : "the request cannot be answered (HTTP " + status + ")";
        };
    }
}
