using Ferry.Transport.Contracts;

namespace Ferry.Appliance.Directory.ClientApi;

/// <summary>The directory's way to tell an account's other online devices that its own data changed; implemented by the connection layer.</summary>
internal interface IDirectoryNotices
{
    /// <summary>Queues a <c>DirectoryNotice</c> push to every online device of the account except one connection. Never blocks.</summary>
    void Notify(long accountId, DirectoryNotice notice, long exceptConnectionId);
}
