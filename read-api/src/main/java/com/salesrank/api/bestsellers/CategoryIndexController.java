package com.salesrank.api.bestsellers;

import com.salesrank.api.replica.DatabaseUnavailableException;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.web.CachedPageResponses;
import com.salesrank.api.web.ErrorPages;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;

/** GET / and /best-sellers?q=: every category by name with its #1, and a filter box (a plain GET form). */
@Controller
@Hidden
class CategoryIndexController {

    private final CategoryIndexPages pages;
    private final CachedPageResponses responses;
    private final ErrorPages errorPages;

    CategoryIndexController(CategoryIndexPages pages, CachedPageResponses responses, ErrorPages errorPages) {
        this.pages = pages;
        this.responses = responses;
        this.errorPages = errorPages;
    }

    @GetMapping({"/", "/best-sellers"})
    Object index(HttpServletRequest request) {
        String[] q = request.getParameterValues("q");
        if (q != null && (q.length > 1 || q[0].length() > CategoryIndexPages.MAX_FILTER)) {
            return errorPages.page(HttpStatus.BAD_REQUEST, "Bad filter",
                    "The filter is one text of at most " + CategoryIndexPages.MAX_FILTER + " characters.", null);
        }
        return responses.respond(pages.page(q == null ? null : q[0]), ErrorPages.HTML);
    }

    @ExceptionHandler(NoRankingPublishedException.class)
    ResponseEntity<byte[]> notPublished(NoRankingPublishedException e) {
        return errorPages.nothingPublished();
    }

    @ExceptionHandler({DatabaseUnavailableException.class, DataAccessException.class})
    ResponseEntity<byte[]> unavailable(RuntimeException e, HttpServletRequest request) {
        return errorPages.unavailable("Best sellers unavailable", e, request);
    }
}
