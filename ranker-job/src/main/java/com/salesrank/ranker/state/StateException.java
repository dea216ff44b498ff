package com.salesrank.ranker.state;

import java.io.IOException;

/**
 * The kept state cannot be used for this run: missing, corrupt, or made for another job. The message
 * is one line naming what is wrong; the run that sees it rebuilds the state from the raw logs.
 */
public class StateException extends IOException {

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
