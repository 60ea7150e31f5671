namespace Ferry.Appliance.Accounts;

/// <summary>Who is asking: an authenticated account on one device, through one connection (0 for REST).</summary>
internal readonly record struct Caller(long AccountId, string AccountName, string DeviceId, long ConnectionId, bool IsAdmin);
