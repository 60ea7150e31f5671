using Ferry.Client;

namespace Ferry.Cli.Commands;

/// <summary>`ferry listen`: offline messages first (sync), then live ones, until Ctrl-C or SIGTERM.</summary>
internal static class ListenCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using FerryClient client = await context.ConnectAsync(receiveMessages: true, cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (MessageEvent message in client.ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                context.Output.Message(message);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: the normal way to stop listening.
        }

        return 0;
    }
}
