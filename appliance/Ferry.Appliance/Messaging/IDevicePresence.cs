using Ferry.Transport.Contracts;

namespace Ferry.Appliance.Messaging;

/// <summary>Messaging's view of who is online; implemented by the connection layer.</summary>
internal interface IDevicePresence
{
    /// <summary>Queues a notice to every online device of the account except one connection. Never blocks.</summary>
    void Push(long accountId, ChangeNotice notice, long exceptConnectionId);
}
