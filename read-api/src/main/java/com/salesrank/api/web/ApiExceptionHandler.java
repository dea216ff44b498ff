package com.salesrank.api.web;

import com.salesrank.api.cache.DatabaseLoadsBusyException;
import com.salesrank.api.ranking.NotRankedInCategoryException;
import com.salesrank.api.replica.DatabaseUnavailableException;
import com.salesrank.api.run.NoRankingPublishedException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 application/problem+json body, never a stack
 * trace. The base class already answers Spring MVC's own exceptions (404 no
 * handler, 405 with Allow, 406, ...) with problem details; this adds the API's.
 * Every problem names its content type itself: left to content negotiation, an
 * Accept header that cannot be parsed would leave the error without a body.
 * Failures are logged as one line with their cause.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_PARAMETER,
                "Invalid request parameter", e.getMessage());
        problem.setProperty("parameter", e.parameter());
        problem.setProperty("reason", e.reason().code());
        return problem(problem, request, null);
    }

    @ExceptionHandler(NoRankingPublishedException.class)
    ResponseEntity<ProblemDetail> notPublished(NoRankingPublishedException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.NOT_PUBLISHED,
                "No ranking published", "no ranking has been published yet; the ranking job publishes hourly");
        return problem(problem, request, "60");
    }

    @ExceptionHandler(NotRankedInCategoryException.class)
    ResponseEntity<ProblemDetail> notRanked(NotRankedInCategoryException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_RANKED, "Not ranked in this category",
                "product " + e.productId() + " is not ranked in category " + e.categoryId()
                        + " in the live ranking");
        problem.setProperty("product_id", e.productId());
        problem.setProperty("category_id", e.categoryId());
        return problem(problem, request, null);
    }

    /**
     * Tomcat parses the query string when a parameter is first read; an
     * undecodable one (a lone '%', '%zz', a pair without a name) fails there.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> malformedQuery(org.apache.tomcat.util.http.InvalidParameterException e,
            HttpServletRequest request) {
        int code = e.getErrorCode();
        HttpStatus status = code >= 400 && code < 500 && HttpStatus.resolve(code) != null
                ? HttpStatus.valueOf(code) : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = Problems.of(status, Problems.MALFORMED_QUERY, "Malformed query string",
                status == HttpStatus.BAD_REQUEST ? Problems.MALFORMED_QUERY_DETAIL : Problems.detailFor(status.value()));
        return problem(problem, request, null);
    }

    /** The bulkhead is full: shed the load at once rather than queue it without bound. */
    @ExceptionHandler(DatabaseLoadsBusyException.class)
    ResponseEntity<ProblemDetail> loadsBusy(DatabaseLoadsBusyException e, HttpServletRequest request) {
        log.warn("503 for {}: {}", request.getRequestURI(), e.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.BUSY, "Too many database reads",
                "every database load this instance allows at once is running and its queue is full; retry shortly");
        return problem(problem, request, "1");
    }

    /**
     * The request outlived spring.mvc.async.request-timeout (docs/latency-budget.md): the base
     * class's 503 problem, with Retry-After like every other 503 of the API.
     */
    @Override
    protected ResponseEntity<Object> handleAsyncRequestTimeoutException(AsyncRequestTimeoutException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpHeaders retry = HttpHeaders.copyOf(headers);
        retry.set(HttpHeaders.RETRY_AFTER, "1");
        return super.handleAsyncRequestTimeoutException(e, retry, status, request);
    }

    @ExceptionHandler(DatabaseUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(DatabaseUnavailableException e, HttpServletRequest request) {
        return serviceUnavailable(e, request);
    }

    /**
     * Only a failure that a retry can cure (lost connection, timeout,
     * deadlock) is an outage worth a 503 and Retry-After. Anything else (bad
     * SQL, a missing grant) is a bug: a 500, logged as an error with its cause,
     * so it is not mistaken for an outage.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> dataAccess(DataAccessException e, HttpServletRequest request) {
        if (isTransient(e)) {
            return serviceUnavailable(e, request);
        }
        return unexpected(e, request);
    }

    static boolean isTransient(DataAccessException e) {
        return e instanceof TransientDataAccessException
                || e instanceof RecoverableDataAccessException
                // CannotGetJdbcConnectionException and the translation of SQLSTATE class 08 (connection)
                || e instanceof DataAccessResourceFailureException;
    }

    private static ResponseEntity<ProblemDetail> serviceUnavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("503 for {}: {}", request.getRequestURI(), oneLine(e));
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                "Ranking unavailable", "neither the cache nor any database can answer right now; retry shortly");
        return problem(problem, request, "5");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("500 for {}: {}", request.getRequestURI(), oneLine(e));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        return problem(problem, request, null);
    }

    /** Spring MVC's own errors (404, 405, 406, ...): the same content type and always a detail. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getDetail() == null) {
                problem.setDetail(Problems.detailFor(status.value()));
            }
            HttpHeaders typed = HttpHeaders.copyOf(headers);
            typed.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(body, typed, status);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem, HttpServletRequest request,
            String retryAfter) {
        Problems.instance(problem, request.getRequestURI());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }

    /** The exception and its deepest cause, each as "Type: message", on one line. */
    static String oneLine(Throwable e) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e) {
            text += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
