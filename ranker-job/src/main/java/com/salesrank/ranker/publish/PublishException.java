package com.salesrank.ranker.publish;

/**
 * Publishing failed before the swap, so the live ranking is the one that was there before; or it
 * failed after the swap while recording the run (the message says which).
 */
public class PublishException extends Exception {

    private static final long serialVersionUID = 1L;

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
