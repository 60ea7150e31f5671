namespace Ferry.Client.Storage;

/// <summary>
/// What a client remembers between runs for one server and one user (one JSON file).
/// Cursors are the ones the application has consumed, so a restart redelivers nothing consumed and loses nothing unconsumed.
/// </summary>
internal sealed class SessionState
{
    public string Server { get; set; } = string.Empty;

    public string User { get; set; } = string.Empty;

    /// <summary>Stable per installation, server and user: the server keeps one session per device.</summary>
    public string DeviceId { get; set; } = string.Empty;

    public string? SessionToken { get; set; }

    public long SessionExpiresAtMs { get; set; }

    public string? Account { get; set; }

    public ulong AccountId { get; set; }

    /// <summary>The SyncResponse.next_version of the last sync whose messages were all consumed.</summary>
    public ulong SyncVersion { get; set; }

    /// <summary>Conversation id → last seq consumed by the application.</summary>
    public Dictionary<ulong, ulong> LastSeq { get; set; } = [];
}
