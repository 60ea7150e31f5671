using System.Diagnostics.CodeAnalysis;
using Ferry.Transport.Errors;

namespace Ferry.Transport.Framing;

/// <summary>The byte stream broke the framing rules: the connection cannot continue.</summary>
public sealed class FrameProtocolException : FerryException
{
    public FrameProtocolException(ErrorCode code, string message)
        : base(code, message)
    {
    }

    public FrameProtocolException()
        : base(ErrorCode.BadFrame, "bad frame")
    {
    }

    public FrameProtocolException(string message)
        : base(ErrorCode.BadFrame, message)
    {
    }

    public FrameProtocolException(string message, Exception inner)
        : base(ErrorCode.BadFrame, message, inner)
    {
    }

    [DoesNotReturn]
    public static new void Throw(ErrorCode code, string message) => throw new FrameProtocolException(code, message);
}
