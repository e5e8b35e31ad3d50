package io.ftfleet.simulator;

/** An error reply: RPCException → 502 {"error": "Error querying <path>: msg"}, HTTPException → {"detail": msg}. */
public class ApiError extends RuntimeException {
    public final int status;
    public final boolean rpc;
    public final Object detail;

    private ApiError(int status, boolean rpc, String msg, Object detail) {
        super(msg);
        this.status = status;
        this.rpc = rpc;
        this.detail = detail;
    }

    public static ApiError rpc(String msg) { return new ApiError(502, true, msg, msg); }

    public static ApiError http(int status, Object detail) { return new ApiError(status, false, String.valueOf(detail), detail); }
}
