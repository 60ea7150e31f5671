using Ferry.Appliance.Accounts;
using Ferry.Appliance.Connections;
using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;

namespace Ferry.Appliance.Directory.ClientApi;

/// <summary>
/// Framed-protocol adapter of the client directory API (frame types 40-48). Every method runs for an authenticated
/// connection only. The requests are short reads (and one small write), answered on the read loop's thread like
/// messaging's sync and pull; a failure becomes an Error frame for that request alone.
/// </summary>
internal sealed class DirectoryFrames(ClientDirectoryService directory, RequestRunner runner)
{
    public void Sync(FramedConnection connection, uint requestId, DirectorySyncRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.DirectorySyncResponse, directory.Sync(Caller(connection), request)));

    public void Lookup(FramedConnection connection, uint requestId, ProfileLookupRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.ProfileLookupResponse, directory.Lookup(Caller(connection), request)));

    public void Search(FramedConnection connection, uint requestId, DirectorySearchRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.DirectorySearchResponse, directory.Search(Caller(connection), request)));

    public void GetOwn(FramedConnection connection, uint requestId) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.OwnProfileResponse, directory.GetOwn(Caller(connection))));

    public void UpdateOwn(FramedConnection connection, uint requestId, UpdateOwnProfileRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.OwnProfileResponse, directory.UpdateOwn(Caller(connection), request)));

    private static Caller Caller(FramedConnection connection) => connection.Caller!.Value;
}
