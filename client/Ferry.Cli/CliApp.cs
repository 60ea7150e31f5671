using Ferry.Cli.CommandLine;
using Ferry.Cli.Commands;
using Ferry.Cli.Output;

namespace Ferry.Cli;

/// <summary>Parses, dispatches, and turns every outcome into output and an exit code (0 ok, 1 server/network, 2 usage).</summary>
internal sealed class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>Interrupted by Ctrl-C or SIGTERM before finishing (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Func<string, string?> _environment;

    public CliApp(TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        _stdout = stdout;
        _stderr = stderr;
        _environment = environment;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ParsedArguments parsed;
        try
        {
            parsed = ArgumentParser.Parse(args, _environment);
        }
        catch (UsageException ex)
        {
            return ReportUsage(new ConsoleOutput(_stdout, _stderr, json: args.Contains("--json")), ex);
        }

        var output = new ConsoleOutput(_stdout, _stderr, parsed.Global.Json);
        if (parsed.Help)
        {
            _stdout.Write(parsed.Command is null ? HelpText.General() : HelpText.For(parsed.Command));
            return Ok;
        }

        var context = new CommandContext(parsed, output);
        try
        {
            return await DispatchAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            return ReportUsage(output, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.Note("interrupted");
            return Interrupted;
        }
        catch (Exception ex)
        {
            (uint code, string name, string message) = ErrorReport.Describe(ex);
            output.Failure(code, name, message);
            return Failed;
        }
    }

    /// <summary>
    /// One-shot commands give up after this long: the SDK rides out connection loss by reconnecting for as long as
    /// it takes, which suits `listen` but would leave a script hanging on `send` while the server is away.
    /// </summary>
    private static readonly TimeSpan OneShotDeadline = TimeSpan.FromSeconds(60);

    private static async Task<int> DispatchAsync(CommandContext context, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (context.Arguments.Command != CommandSpec.Listen)
        {
            deadline.CancelAfter(OneShotDeadline);
        }

        try
        {
            return await RunCommandAsync(context, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{context.Arguments.Command?.Name} did not finish within {OneShotDeadline.TotalSeconds:0} s", ex);
        }
    }

    private static Task<int> RunCommandAsync(CommandContext context, CancellationToken cancellationToken) =>
        context.Arguments.Command switch
        {
            var c when c == CommandSpec.Login => LoginCommand.RunAsync(context, cancellationToken),
            var c when c == CommandSpec.Send => SendCommand.RunAsync(context, cancellationToken),
            var c when c == CommandSpec.Listen => ListenCommand.RunAsync(context, cancellationToken),
            var c when c == CommandSpec.History => HistoryCommand.RunAsync(context, cancellationToken),
            var c when c == CommandSpec.CreateAccount => CreateAccountCommand.RunAsync(context, cancellationToken),
            var c when c == CommandSpec.DirSync => DirectoryCommands.SyncAsync(context, cancellationToken),
            var c when c == CommandSpec.DirSearch => DirectoryCommands.SearchAsync(context, cancellationToken),
            var c when c == CommandSpec.DirProfile => DirectoryCommands.ProfileAsync(context, cancellationToken),
            var c when c == CommandSpec.DirMe => DirectoryCommands.MeAsync(context, cancellationToken),
            var c when c == CommandSpec.DirGroups => DirectoryCommands.GroupsAsync(context, cancellationToken),
            var c when c == CommandSpec.DirRecent => DirectoryCommands.RecentAsync(context, cancellationToken),
            _ => throw new UsageException("no command given"),
        };

    private static int ReportUsage(ConsoleOutput output, UsageException ex)
    {
        string help = ex.Command is null ? "ferry --help" : $"ferry {ex.Command} --help";
        output.Failure(0, "usage", $"{ex.Message} (see '{help}')");
        return UsageError;
    }
}
