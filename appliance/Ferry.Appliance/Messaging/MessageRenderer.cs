using Ferry.Appliance.Accounts;
using Ferry.Transport.Contracts;

namespace Ferry.Appliance.Messaging;

/// <summary>Turns stored rows into wire messages, filling in account names.</summary>
internal sealed class MessageRenderer(AccountService accounts)
{
    public Message Render(StoredMessage stored, ConversationHead conversation) => Render(stored, conversation.PeerOf(stored.SenderId));

    /// <summary>Direct conversations: the recipient is the member who is not the sender.</summary>
    public Message Render(StoredMessage stored, long recipientId) => new()
    {
        Id = (ulong)stored.Id,
        ConversationId = (ulong)stored.ConversationId,
        Seq = (ulong)stored.Seq,
        SenderId = (ulong)stored.SenderId,
        Sender = accounts.NameOf(stored.SenderId),
        SenderDevice = stored.SenderDevice,
        Recipient = accounts.NameOf(recipientId),
        TimeMs = stored.CreatedMs,
        Kind = (MessageKind)stored.Kind,
        Text = stored.Body,
        ClientMessageId = stored.ClientMessageId,
    };

    public ConversationState Render(MembershipState state) => new()
    {
        ConversationId = (ulong)state.ConversationId,
        Kind = (Transport.Contracts.ConversationKind)state.Kind,
        Peer = accounts.NameOf(state.PeerId),
        LastSeq = (ulong)state.LastSeq,
        ReadSeq = (ulong)state.ReadSeq,
        Unread = (ulong)state.Unread,
        UpdatedMs = state.UpdatedMs,
        Version = (ulong)state.Version,
    };
}
