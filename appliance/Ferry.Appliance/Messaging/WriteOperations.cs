using Ferry.Transport.Errors;

namespace Ferry.Appliance.Messaging;

/// <summary>A write whose result goes to a callback on the writer thread after commit.</summary>
internal abstract class WriteOperation<TResult>(Action<TResult> committed, Action<FerryException> rejected) : WriteOperation
    where TResult : class
{
    protected TResult? Result { get; set; }

    protected override void OnCommitted() => committed(Result!);

    protected override void OnRejected(FerryException error) => rejected(error);
}

/// <summary>A message the caller has validated: who sends what to which conversation (or peer).</summary>
internal sealed record SendCommand(long SenderId, string SenderDevice, long? PeerId, long ConversationId, string ClientMessageId, int Kind, string Body);

internal sealed record SendResult(StoredMessage Message, ConversationHead Conversation, long Version, bool Duplicate);

internal sealed class SendOperation(SendCommand command, Action<SendResult> committed, Action<FerryException> rejected)
    : WriteOperation<SendResult>(committed, rejected)
{
    public override void Apply(WriterContext context)
    {
        ConversationHead head = command.PeerId is long peer
            ? context.Direct(command.SenderId, peer)
            : context.Conversation(command.ConversationId) ?? FerryException.Throw<ConversationHead>(ErrorCode.NotFound, "no such conversation");
        if (!head.HasMember(command.SenderId))
        {
            FerryException.Throw(ErrorCode.NotFound, "no such conversation");
        }

        var message = new StoredMessage(
            context.NextId(), head.Id, head.LastSeq + 1, command.SenderId, command.SenderDevice, command.ClientMessageId, command.Kind, command.Body, context.NowMs);
        if (context.Store.TryInsertMessage(message))
        {
            head.LastSeq = message.Seq;
            Result = new SendResult(message, head, context.Touch(head), Duplicate: false);
            return;
        }

        // Same (sender, client message id) as a stored message: answer with the original, store nothing.
        StoredMessage original = context.Store.FindByClientId(command.SenderId, command.ClientMessageId)!;
        ConversationHead originalHead = context.Conversation(original.ConversationId)!;
        Result = new SendResult(original, originalHead, 0, Duplicate: true);
    }
}

internal sealed record ReadResult(long AccountId, ConversationHead Conversation, long ReadSeq, long Version);

/// <summary>Moves a member's read cursor forward; never back, never past the last message.</summary>
internal sealed class MarkReadOperation(long accountId, long conversationId, long readSeq, Action<ReadResult> committed, Action<FerryException> rejected)
    : WriteOperation<ReadResult>(committed, rejected)
{
    public override void Apply(WriterContext context)
    {
        ConversationHead? head = context.Conversation(conversationId);
        long? current = head is null ? null : context.Store.ReadSeq(accountId, conversationId);
        if (head is null || current is null)
        {
            FerryException.Throw(ErrorCode.NotFound, "no such conversation");
        }

        long target = Math.Min(readSeq, head.LastSeq);
        if (target <= current.Value)
        {
            Result = new ReadResult(accountId, head, current.Value, 0);
            return;
        }

        long version = context.NextVersion();
        context.Store.SetReadSeq(accountId, conversationId, target, version);
        Result = new ReadResult(accountId, head, target, version);
    }
}

/// <summary>Finds or creates the 1:1 conversation of two accounts.</summary>
internal sealed class OpenDirectOperation(long accountId, long peerId, Action<ConversationHead> committed, Action<FerryException> rejected)
    : WriteOperation<ConversationHead>(committed, rejected)
{
    public override void Apply(WriterContext context) => Result = context.Direct(accountId, peerId);
}
