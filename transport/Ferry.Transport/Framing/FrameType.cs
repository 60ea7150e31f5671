namespace Ferry.Transport.Framing;

/// <summary>What a frame's payload is. The numbers are the wire contract (docs/protocol.md).</summary>
public enum FrameType : ushort
{
    Hello = 1,
    HelloAck = 2,
    Ping = 3,
    Pong = 4,
    Error = 5,

    LoginRequest = 10,
    LoginResponse = 11,
    ResumeRequest = 12,
    LogoutRequest = 14,
    Ok = 15,

    SendRequest = 20,
    SendAck = 21,
    ChangeNotice = 22,

    SyncRequest = 30,
    SyncResponse = 31,
    PullRequest = 32,
    PullResponse = 33,
    MarkReadRequest = 34,
    OpenDirectRequest = 36,
    OpenDirectResponse = 37,
}
