using Ferry.Transport.Contracts;

namespace Ferry.Appliance.Directory.ClientApi;

/// <summary>
/// The directory's way to tell online devices of changes: an account's other devices that its own data changed, or
/// everyone that the directory moved. Implemented by the connection layer.
/// </summary>
internal interface IDirectoryNotices
{
    /// <summary>Queues a <c>DirectoryNotice</c> push to every online device of the account except one connection. Never blocks.</summary>
    void Notify(long accountId, DirectoryNotice notice, long exceptConnectionId);

    /// <summary>Queues a <c>DirectoryNotice</c> push to every authenticated connection. Never blocks.</summary>
    void Broadcast(DirectoryNotice notice);
}
