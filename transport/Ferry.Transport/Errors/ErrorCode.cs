namespace Ferry.Transport.Errors;

/// <summary>
/// The one catalogue of error codes, used by the framed protocol (Error.code) and the REST API
/// (<c>{"error": {"code": …}}</c>). Numbers are part of the public contract: never reuse one.
/// </summary>
public enum ErrorCode : uint
{
    None = 0,

    // 1xx: framing and protocol state. Fatal for the connection.
    BadFrame = 100,
    FrameTooLarge = 101,
    UnsupportedVersion = 102,
    HandshakeRequired = 103,
    UnknownFrameType = 104,
    DecompressionFailed = 105,
    IdleTimeout = 106,
    SlowConsumer = 107,
    ServerShuttingDown = 108,

    // 2xx: the request itself.
    BadRequest = 200,
    NotFound = 201,
    Conflict = 202,
    RateLimited = 203,

    // 3xx: identity and authority.
    Unauthenticated = 300,
    BadCredentials = 301,
    SessionExpired = 302,
    AccountDisabled = 303,
    Forbidden = 304,

    /// <summary>An administrator ended this device's session and closed its connection: log in again.</summary>
    DisconnectedByAdmin = 305,

    // 5xx: the server's fault.
    Internal = 500,
    Unavailable = 501,
}

public static class ErrorCodes
{
    /// <summary>The HTTP status the REST API answers with for a code.</summary>
    public static int HttpStatus(ErrorCode code) => code switch
    {
        ErrorCode.None => 200,
        ErrorCode.NotFound => 404,
        ErrorCode.Conflict => 409,
        ErrorCode.RateLimited => 429,
        ErrorCode.FrameTooLarge => 413,
        ErrorCode.Unauthenticated or ErrorCode.BadCredentials or ErrorCode.SessionExpired or ErrorCode.DisconnectedByAdmin => 401,
        ErrorCode.AccountDisabled or ErrorCode.Forbidden => 403,
        ErrorCode.Internal => 500,
        ErrorCode.Unavailable or ErrorCode.ServerShuttingDown => 503,
        _ => 400,
    };

    /// <summary>Codes after which the connection cannot continue.</summary>
    public static bool IsFatal(ErrorCode code) => (uint)code is >= 100 and < 200;

    /// <summary>Stable snake_case name, used in REST bodies and CLI output.</summary>
    public static string Name(ErrorCode code) => code switch
    {
        ErrorCode.None => "none",
        ErrorCode.BadFrame => "bad_frame",
        ErrorCode.FrameTooLarge => "frame_too_large",
        ErrorCode.UnsupportedVersion => "unsupported_version",
        ErrorCode.HandshakeRequired => "handshake_required",
        ErrorCode.UnknownFrameType => "unknown_frame_type",
        ErrorCode.DecompressionFailed => "decompression_failed",
        ErrorCode.IdleTimeout => "idle_timeout",
        ErrorCode.SlowConsumer => "slow_consumer",
        ErrorCode.ServerShuttingDown => "server_shutting_down",
        ErrorCode.BadRequest => "bad_request",
        ErrorCode.NotFound => "not_found",
        ErrorCode.Conflict => "conflict",
        ErrorCode.RateLimited => "rate_limited",
        ErrorCode.Unauthenticated => "unauthenticated",
        ErrorCode.BadCredentials => "bad_credentials",
        ErrorCode.SessionExpired => "session_expired",
        ErrorCode.AccountDisabled => "account_disabled",
        ErrorCode.Forbidden => "forbidden",
        ErrorCode.DisconnectedByAdmin => "disconnected_by_admin",
        ErrorCode.Internal => "internal",
        ErrorCode.Unavailable => "unavailable",
        _ => "unknown",
    };
}
