package com.salesrank.api.web;

/**
 * A request parameter the API cannot use; answered with a 400 problem naming
 * the parameter and the reason.
 */
public class InvalidParameterException extends RuntimeException {

    /** Machine-readable reasons, sent as the problem's "reason" member. */
    public enum Reason {
        MISSING("missing"),
        NOT_A_NUMBER("not_a_number"),
        OUT_OF_RANGE("out_of_range"),
        REPEATED("repeated");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final String parameter;
    private final Reason reason;

    public InvalidParameterException(String parameter, Reason reason, String message) {
        super(message);
        this.parameter = parameter;
        this.reason = reason;
    }

    public String parameter() {
        return parameter;
    }

    public Reason reason() {
        return reason;
    }
}
