using Ferry.Transport.Contracts;

namespace Ferry.Client;

/// <summary>A message delivered to the application: from a push, a gap pull, a sync, or history.</summary>
/// <param name="From">Sender's account name.</param>
/// <param name="To">Recipient's account name (the other member of a direct conversation).</param>
public sealed record MessageEvent(
    ulong Id,
    ulong ConversationId,
    ulong Seq,
    string From,
    string To,
    DateTimeOffset Time,
    string Text,
    string ClientMessageId,
    string SenderDevice)
{
    public static MessageEvent FromMessage(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new MessageEvent(
            message.Id,
            message.ConversationId,
            message.Seq,
            message.Sender,
            message.Recipient,
            DateTimeOffset.FromUnixTimeMilliseconds(message.TimeMs),
            message.Text,
            message.ClientMessageId,
            message.SenderDevice);
    }
}
