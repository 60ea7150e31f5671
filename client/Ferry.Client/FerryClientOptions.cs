using Ferry.Client.Security;
using Ferry.Transport.Contracts;

namespace Ferry.Client;

/// <summary>Everything <see cref="FerryClient.ConnectAsync"/> needs; tests set ConfigDirectory to a temporary folder.</summary>
public sealed class FerryClientOptions
{
    /// <summary>"HOST", "HOST:PORT" or "[::1]:PORT"; the port is the discovery port (7080 by default).</summary>
    public required string Server { get; init; }

    /// <summary>The account name to act as.</summary>
    public required string User { get; init; }

    /// <summary>Used only when there is no resumable session (or it expired), or with <see cref="ForcePasswordLogin"/>.</summary>
    public string? Password { get; init; }

    /// <summary>SHA-256 of the server's leaf certificate (64 hex digits, colons allowed). When set, only it is trusted.</summary>
    public string? PinnedFingerprint { get; init; }

    /// <summary>Accept (and record in known_hosts) a server seen for the first time. A changed certificate is still refused.</summary>
    public bool TrustOnFirstUse { get; init; }

    /// <summary>Told when a server was trusted on first use, to show its fingerprint to the user.</summary>
    public Action<CertificateTrustNotice>? OnFirstUseTrust { get; init; }

    /// <summary>Where known_hosts and sessions live; null: $FERRY_CONFIG_DIR, $XDG_CONFIG_HOME/ferry or ~/.config/ferry.</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>Log in with the password even when a stored session could be resumed (what <c>ferry login</c> does).</summary>
    public bool ForcePasswordLogin { get; init; }

    /// <summary>
    /// Sync after every (re)connect and deliver messages through <see cref="FerryClient.ReceiveAsync"/>.
    /// Off for one-shot work (send, history) so it neither syncs nor consumes anything a later listener should see.
    /// </summary>
    public bool ReceiveMessages { get; init; } = true;

    /// <summary>Also deliver messages this very device sent (it already knows them from SendAck). Off by default.</summary>
    public bool IncludeOwnDeviceMessages { get; init; }

    public DeviceType DeviceType { get; init; } = DeviceType.DevicePc;

    /// <summary>Hello.client_name, for the server's logs.</summary>
    public string ClientName { get; init; } = "ferry-sdk/1";

    /// <summary>Limit for discovery, TCP, TLS, handshake and login of one connection attempt.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Diagnostics (reconnects, dropped notices); null: silent.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Clock for heartbeats and backoff; tests may substitute a fake.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
