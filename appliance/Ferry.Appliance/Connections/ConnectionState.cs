namespace Ferry.Appliance.Connections;

internal enum ConnectionState
{
    /// <summary>Waiting for Hello.</summary>
    Handshake,

    /// <summary>Hello done; only login, resume and ping allowed.</summary>
    Unauthenticated,

    Authenticated,

    Closing,
}
