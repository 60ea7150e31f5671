using Ferry.Cli.Output;
using Ferry.Client;
using Ferry.Transport.Contracts;

namespace Ferry.Cli.Commands;

/// <summary>`ferry send USER TEXT...`: prints once the server acknowledged the stored message.</summary>
internal static class SendCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string peer = context.Arguments.Positionals[0];
        string text = string.Join(' ', context.Arguments.Positionals.Skip(1));
        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        SendAck ack = await client.SendAsync(peer, text, cancellationToken: cancellationToken).ConfigureAwait(false);
        context.Output.Result(
            new SendLine(ack.Id, ack.Seq),
            CliJsonContext.Lines.SendLine,
            $"Sent to {peer}: message {ack.Id}, seq {ack.Seq}{(ack.Duplicate ? " (already stored)" : string.Empty)}");
        return 0;
    }
}
