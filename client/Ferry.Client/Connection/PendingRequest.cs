using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Google.Protobuf;

namespace Ferry.Client.Connection;

/// <summary>A request waiting for its answer; the read loop completes it while the frame's payload is still valid.</summary>
internal interface IPendingRequest
{
    void Complete(in Frame frame, int maxPayloadLength);

    void Fail(Exception exception);
}

internal sealed class PendingRequest<T> : IPendingRequest
    where T : IMessage<T>
{
    // Continuations run off the read loop: a caller's code must never stall reading.
    private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FrameType _expected;
    private readonly MessageParser<T> _parser;

    public PendingRequest(FrameType expected, MessageParser<T> parser)
    {
        _expected = expected;
        _parser = parser;
    }

    public Task<T> Answer => _answer.Task;

    public void Complete(in Frame frame, int maxPayloadLength)
    {
        if (frame.Type != _expected)
        {
            Fail(new FerryException(ErrorCode.BadFrame, $"expected {_expected} in answer, the server sent {frame.Type}"));
            return;
        }

        try
        {
            _answer.TrySetResult(FramePayload.Parse(frame, _parser, maxPayloadLength));
        }
        catch (FerryException ex)
        {
            Fail(ex);
        }
    }

    public void Fail(Exception exception) => _answer.TrySetException(exception);
}
