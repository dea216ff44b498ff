package com.salesrank.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (the servlet container's own 400s, a
 * failure in a filter) are forwarded here; answer them as problem details too,
 * instead of Boot's default error JSON or an HTML page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // requested directly, nothing was forwarded: there is no such resource
        HttpStatus status = code == null ? HttpStatus.NOT_FOUND
                : code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = status == HttpStatus.BAD_REQUEST
                && malformedQuery(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))
                ? Problems.of(status, Problems.MALFORMED_QUERY, "Malformed query string", Problems.MALFORMED_QUERY_DETAIL)
                : ProblemDetail.forStatusAndDetail(status, Problems.detailFor(status.value()));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            Problems.instance(problem, path);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Tomcat's failure to decode the query string, thrown from a filter that read a parameter. */
    private static boolean malformedQuery(Object exception) {
        Throwable failure = exception instanceof Throwable t ? t : null;
        for (int depth = 0; failure != null && depth < 10; depth++, failure = failure.getCause()) {
            if (failure instanceof org.apache.tomcat.util.http.InvalidParameterException) {
                return true;
            }
        }
        return false;
    }
}
