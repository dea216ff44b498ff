package com.salesrank.api.bestsellers;


import com.salesrank.api.replica.DatabaseUnavailableException;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.web.CachedPageResponses;
import com.salesrank.api.web.ErrorPages;
import com.salesrank.api.web.InvalidParameterException;
import com.salesrank.api.web.RequestParameters;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * GET /best-sellers/{category_id}?page=: a category's top 100 as a web page, 20 rows a page. Public,
 * cached like /popular. A person's browser gets its errors as HTML pages too (this controller's own
 * handlers, which take precedence over the API's problem documents): a 404 page for an unknown or
 * empty category or a page past its end, 400 for a bad page number, 503 while nothing can answer.
 */
@Controller
@Hidden
class BestSellersController {

    private static final MediaType HTML = ErrorPages.HTML;

    private final BestSellersPages pages;
    private final CachedPageResponses responses;
    private final ErrorPages errorPages;

    BestSellersController(BestSellersPages pages, CachedPageResponses responses, ErrorPages errorPages) {
        this.pages = pages;
        this.responses = responses;
        this.errorPages = errorPages;
    }

    @GetMapping("/best-sellers/{category_id}")
    Object bestSellers(@PathVariable("category_id") String categoryId, HttpServletRequest request) {
        int category;
        try {
            category = (int) RequestParameters.parse("category_id", categoryId, 0, Integer.MAX_VALUE);
        } catch (InvalidParameterException e) {
            return error(HttpStatus.NOT_FOUND, "No such category",
                    "There is no category \u201c" + categoryId + "\u201d: a category is a number.", null);
        }
        int page = RequestParameters.optionalInt(request, "page", 1, 1, BestSellersPages.MAX_PAGE);
        return responses.respond(pages.page(category, page), HTML);
    }

    @ExceptionHandler(NoBestSellersException.class)
    ResponseEntity<byte[]> noBestSellers(NoBestSellersException e) {
        String detail = e.ranked() == 0
                ? "Nothing in this category sold in the latest ranking, or there is no such category."
                : "This page is past the last of this category's best sellers.";
        return error(HttpStatus.NOT_FOUND, "No best sellers here", detail, null);
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<byte[]> invalidParameter(InvalidParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "Bad page number",
                "The page must be a whole number from 1 to " + BestSellersPages.MAX_PAGE + ".", null);
    }

    @ExceptionHandler(NoRankingPublishedException.class)
    ResponseEntity<byte[]> notPublished(NoRankingPublishedException e) {
        return errorPages.nothingPublished();
    }

    @ExceptionHandler({DatabaseUnavailableException.class, DataAccessException.class})
    ResponseEntity<byte[]> unavailable(RuntimeException e, HttpServletRequest request) {
        return errorPages.unavailable("Best sellers unavailable", e, request);
    }

    private ResponseEntity<byte[]> error(HttpStatus status, String title, String detail, String retryAfter) {
        return errorPages.page(status, title, detail, retryAfter);
    }
}
