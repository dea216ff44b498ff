package com.salesrank.api.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** The problem types (RFC 9457) this API defines beyond the plain HTTP statuses. */
final class Problems {

    static final URI INVALID_PARAMETER = URI.create("urn:salesrank:problem:invalid-parameter");
    static final URI NOT_PUBLISHED = URI.create("urn:salesrank:problem:no-ranking-published");
    static final URI UNAVAILABLE = URI.create("urn:salesrank:problem:ranking-unavailable");

    private Problems() {
    }

    /** Sets the problem's instance to the request path, unless the path is not a valid URI reference. */
    static void instance(ProblemDetail problem, String path) {
        try {
            problem.setInstance(URI.create(path));
        } catch (IllegalArgumentException notAUri) {
            // leave it out rather than echo something malformed
        }
    }

    static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
