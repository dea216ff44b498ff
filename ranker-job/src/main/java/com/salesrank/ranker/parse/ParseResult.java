package com.salesrank.ranker.parse;

import java.util.EnumMap;
import java.util.Map;

/**
 * Outcome of parsing one line. Only a valid line allocates: the skipped and
 * malformed outcomes are shared constants, so the mapper's hot path stays cheap.
 */
public final class ParseResult {

    public enum Kind { VALID, EMPTY, HEADER, MALFORMED }

    static final ParseResult EMPTY = new ParseResult(Kind.EMPTY, null, null);
    static final ParseResult HEADER = new ParseResult(Kind.HEADER, null, null);
    /** Returned by {@link SaleLineParser#scan}: valid, with the fields left in the parser. */
    static final ParseResult SCANNED_VALID = new ParseResult(Kind.VALID, null, null);
    private static final Map<MalformedReason, ParseResult> MALFORMED = new EnumMap<>(MalformedReason.class);

    static {
        for (MalformedReason reason : MalformedReason.values()) {
            MALFORMED.put(reason, new ParseResult(Kind.MALFORMED, null, reason));
        }
    }

    private final Kind kind;
    private final SaleRecord sale;
    private final MalformedReason reason;

    private ParseResult(Kind kind, SaleRecord sale, MalformedReason reason) {
        this.kind = kind;
        this.sale = sale;
        this.reason = reason;
    }

    static ParseResult valid(SaleRecord sale) {
        return new ParseResult(Kind.VALID, sale, null);
    }

    static ParseResult malformed(MalformedReason reason) {
        return MALFORMED.get(reason);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isValid() {
        return kind == Kind.VALID;
    }

    /** The sale; only for {@link Kind#VALID} from {@link SaleLineParser#parse}. */
    public SaleRecord sale() {
        if (sale == null) {
            throw new IllegalStateException("no sale in a " + kind + " result");
        }
        return sale;
    }

    /** The reason; only for {@link Kind#MALFORMED}. */
    public MalformedReason reason() {
        if (reason == null) {
            throw new IllegalStateException("no malformed reason in a " + kind + " result");
        }
        return reason;
    }

    @Override
    public String toString() {
        return kind == Kind.VALID ? "VALID " + sale : kind == Kind.MALFORMED ? "MALFORMED " + reason : kind.name();
    }
}
