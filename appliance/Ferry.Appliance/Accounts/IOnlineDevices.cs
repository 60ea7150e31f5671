using Ferry.Transport.Errors;

namespace Ferry.Appliance.Accounts;

/// <summary>The accounts capability's view of live connections; implemented by the connection layer.</summary>
internal interface IOnlineDevices
{
    /// <summary>Closes every open connection of the account with a final Error frame.</summary>
    void Disconnect(long accountId, ErrorCode code, string reason);
}
