namespace Ferry.Appliance.Configuration;

/// <summary>
/// The one options model. Read from <c>ferry.json</c> in the data directory, overridden by environment variables
/// (<c>FERRY_</c> prefix, <c>__</c> between levels: <c>FERRY_LISTEN__FRAMEDPORT=7106</c>) and command-line options.
/// Every value is validated at start (<see cref="FerryOptionsReader"/>); a bad value stops the process with its name.
/// </summary>
internal sealed record FerryOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>The enterprise name shown to clients (discovery, HelloAck) until an administrator sets one (Enterprise/).</summary>
    public string Name { get; init; } = "Ferry";

    /// <summary>Host name clients should connect to; null: the host the discovery request came to.</summary>
    public string? PublicHost { get; init; }

    public ListenOptions Listen { get; init; } = new();

    public TlsOptions Tls { get; init; } = new();

    public ConnectionLimits Connections { get; init; } = new();

    public SessionOptions Sessions { get; init; } = new();

    public LoggingOptions Logging { get; init; } = new();

    public string DatabasePath => Path.Combine(DataDirectory, "ferry.db");
}

internal sealed record ListenOptions
{
    /// <summary>Address every listener binds; "*" or "0.0.0.0" for all IPv4, "::" for all.</summary>
    public string Address { get; init; } = "0.0.0.0";

    /// <summary>0 picks a free port (tests); the bound ports are logged at ready.</summary>
    public int DiscoveryPort { get; init; } = Transport.ProtocolDefaults.DiscoveryPort;

    public int FramedPort { get; init; } = Transport.ProtocolDefaults.FramedPort;

    public int HttpsPort { get; init; } = Transport.ProtocolDefaults.HttpsPort;
}

internal sealed record TlsOptions
{
    /// <summary>PEM certificate (chain) file; relative paths are under the data directory.</summary>
    public string CertificateFile { get; init; } = "tls/cert.pem";

    /// <summary>PEM private key file; relative paths are under the data directory.</summary>
    public string KeyFile { get; init; } = "tls/key.pem";
}

internal sealed record ConnectionLimits
{
    public int MaxFramePayload { get; init; } = Transport.ProtocolDefaults.MaxPayload;

    public int HeartbeatSeconds { get; init; } = Transport.ProtocolDefaults.HeartbeatSeconds;

    public int IdleTimeoutSeconds { get; init; } = Transport.ProtocolDefaults.IdleTimeoutSeconds;

    public int HandshakeTimeoutSeconds { get; init; } = 10;

    /// <summary>Frames waiting to be written to one connection before it is dropped as a slow consumer.</summary>
    public int SendQueueFrames { get; init; } = 4096;

    /// <summary>Requests one connection may have in flight before the server stops reading from it.</summary>
    public int MaxInFlightRequests { get; init; } = 1024;

    /// <summary>Messages with a body up to this size ride inside the change notice; larger ones are pulled.</summary>
    public int InlineNoticeBytes { get; init; } = 4096;

    /// <summary>Wrong passwords one connection may try before it is closed.</summary>
    public int MaxFailedLoginsPerConnection { get; init; } = 5;
}

internal sealed record SessionOptions
{
    public int LifetimeDays { get; init; } = 30;

    /// <summary>PBKDF2-SHA256 iterations for new password hashes; never below 600,000 outside tests.</summary>
    public int PasswordIterations { get; init; } = Security.PasswordHasher.DefaultIterations;
}

internal sealed record LoggingOptions
{
    /// <summary>"json" (structured, one object a line) or "text".</summary>
    public string Format { get; init; } = "json";

    public string Level { get; init; } = "Information";
}
