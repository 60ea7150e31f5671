using System.Diagnostics.CodeAnalysis;

namespace Ferry.Transport.Errors;

/// <summary>
/// A failure that carries its wire code. Thrown by validation and handlers on both sides;
/// the connection layer turns it into an Error frame, the REST layer into a JSON error body.
/// </summary>
public class FerryException : Exception
{
    public FerryException(ErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public FerryException(ErrorCode code, string message, Exception inner)
        : base(message, inner)
    {
        Code = code;
    }

    public FerryException()
        : this(ErrorCode.Internal, "internal error")
    {
    }

    public FerryException(string message)
        : this(ErrorCode.Internal, message)
    {
    }

    public FerryException(string message, Exception inner)
        : this(ErrorCode.Internal, message, inner)
    {
    }

    public ErrorCode Code { get; }

    [DoesNotReturn]
    public static void Throw(ErrorCode code, string message) => throw new FerryException(code, message);

    [DoesNotReturn]
    public static T Throw<T>(ErrorCode code, string message) => throw new FerryException(code, message);
}
