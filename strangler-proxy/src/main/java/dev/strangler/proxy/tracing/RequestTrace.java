package dev.strangler.proxy.tracing;

/**
 * A request's place in its trace when nothing is observed: the proxy's own span of the request (the id its log lines
 * carry) and whether that continues the client's trace or started one.
 */
record RequestTrace(TraceParent span, boolean continued) {

    static final String ATTRIBUTE = RequestTrace.class.getName();

}
