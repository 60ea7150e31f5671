namespace Ferry.Client.Connection;

/// <summary>
/// The connection closed under a request (network failure, server restart, a fatal Error frame).
/// The request may or may not have reached the server; the client retries it on the next connection,
/// which is safe because every request Ferry makes is idempotent (sends through their client_message_id).
/// </summary>
internal sealed class ConnectionLostException : IOException
{
    public ConnectionLostException(string message)
        : base(message)
    {
    }

    public ConnectionLostException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    public ConnectionLostException()
        : base("connection lost")
    {
    }
}
