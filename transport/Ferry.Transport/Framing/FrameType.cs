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

    // The client directory API (directory.proto).
    DirectorySyncRequest = 40,
    DirectorySyncResponse = 41,
    ProfileLookupRequest = 42,
    ProfileLookupResponse = 43,
    DirectorySearchRequest = 44,
    DirectorySearchResponse = 45,
    OwnProfileRequest = 46,
    OwnProfileResponse = 47,
    UpdateOwnProfileRequest = 48,
    PersonalDataRequest = 50,
    PersonalDataResponse = 51,
    SetFrequentDepartmentsRequest = 52,
    ContactGroupRequest = 54,
    RecentContactsRequest = 56,
    RecentContactsResponse = 57,
    DirectoryNotice = 59,
}
