using System.Globalization;
using Ferry.Client;

namespace Ferry.Cli.Commands;

/// <summary>`ferry history USER [--limit N] [--after SEQ]`: oldest first.</summary>
internal static class HistoryCommand
{
    public const int DefaultLimit = 50;

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string peer = context.Arguments.Positionals[0];
        int limit = context.Arguments.Option("limit") is { } limitText ? ParseLimit(context, limitText) : DefaultLimit;
        ulong? after = context.Arguments.Option("after") is { } afterText ? ParseSeq(context, afterText) : null;

        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        foreach (MessageEvent message in await client.GetHistoryAsync(peer, limit, after, cancellationToken).ConfigureAwait(false))
        {
            context.Output.Message(message);
        }

        return 0;
    }

    private static int ParseLimit(CommandContext context, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit > 0
            ? limit
            : throw context.Usage($"--limit '{text}' is not a positive number");

    private static ulong ParseSeq(CommandContext context, string text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seq)
            ? seq
            : throw context.Usage($"--after '{text}' is not a sequence number");
}
