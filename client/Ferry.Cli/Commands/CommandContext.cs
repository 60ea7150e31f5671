using Ferry.Cli.CommandLine;
using Ferry.Cli.Output;
using Ferry.Client;
using Ferry.Client.Security;

namespace Ferry.Cli.Commands;

/// <summary>What every command gets: its arguments, the output, and one way to connect built from the global options.</summary>
internal sealed class CommandContext
{
    public CommandContext(ParsedArguments arguments, ConsoleOutput output)
    {
        Arguments = arguments;
        Output = output;
    }

    public ParsedArguments Arguments { get; }

    public ConsoleOutput Output { get; }

    public string? Password => Arguments.Global.Password;

    /// <summary>
    /// The SDK options for these arguments. The CLI trusts an unknown server on first use (printing the
    /// fingerprint to stderr) unless --fingerprint pins one.
    /// </summary>
    public FerryClientOptions ClientOptions(bool receiveMessages, bool forcePasswordLogin)
    {
        GlobalOptions global = Arguments.Global;
        string server = global.Server ?? throw Usage("no server: pass --server HOST[:PORT] or set FERRY_SERVER");
        string user = global.User ?? throw Usage("no user: pass --user NAME or set FERRY_USER");
        if (!Client.Discovery.ServerAddress.TryParse(server, Transport.ProtocolDefaults.DiscoveryPort, out _, out string? addressError))
        {
            throw Usage(addressError!);
        }

        string? pinned = null;
        if (global.Fingerprint is { } fingerprint && !Fingerprint.TryNormalize(fingerprint, out pinned))
        {
            throw Usage($"--fingerprint '{fingerprint}' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }

        return new FerryClientOptions
        {
            Server = server,
            User = user,
            Password = global.Password,
            PinnedFingerprint = pinned,
            TrustOnFirstUse = pinned is null,
            OnFirstUseTrust = AnnounceFirstUse,
            ForcePasswordLogin = forcePasswordLogin,
            ReceiveMessages = receiveMessages,
            ClientName = "ferry-cli/1",
            Log = global.Verbose ? Output.Note : null,
        };
    }

    public Task<FerryClient> ConnectAsync(bool receiveMessages, CancellationToken cancellationToken, bool forcePasswordLogin = false) =>
        FerryClient.ConnectAsync(ClientOptions(receiveMessages, forcePasswordLogin), cancellationToken);

    public UsageException Usage(string message) => new(message) { Command = Arguments.Command?.Name };

    private void AnnounceFirstUse(CertificateTrustNotice notice)
    {
        Output.Note($"trusting {notice.Server} on first use; certificate SHA-256 fingerprint {notice.Fingerprint} (saved in known_hosts)");
        if (!notice.MatchesDiscoveryHint)
        {
            Output.Note($"WARNING: discovery announced fingerprint {notice.DiscoveryFingerprint}, the server presented {notice.Fingerprint}");
        }
    }
}
