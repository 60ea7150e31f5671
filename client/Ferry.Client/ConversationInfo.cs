using Ferry.Transport.Contracts;

namespace Ferry.Client;

/// <summary>What the client last heard about one of the account's conversations (from sync or OpenDirect).</summary>
public sealed record ConversationInfo(ulong Id, string Peer, ulong LastSeq, ulong ReadSeq, ulong Unread, DateTimeOffset Updated, ulong Version)
{
    public static ConversationInfo FromState(ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ConversationInfo(
            state.ConversationId,
            state.Peer,
            state.LastSeq,
            state.ReadSeq,
            state.Unread,
            DateTimeOffset.FromUnixTimeMilliseconds(state.UpdatedMs),
            state.Version);
    }
}
