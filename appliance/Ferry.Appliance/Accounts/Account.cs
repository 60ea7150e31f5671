namespace Ferry.Appliance.Accounts;

internal enum AccountState
{
    Active = 0,
    Frozen = 1,

    /// <summary>Permanent: cannot log in or be restored; the row stays so history still names the sender.</summary>
    Deleted = 2,
}

internal sealed record Account(long Id, string Name, string DisplayName, bool IsAdmin, AccountState State);

/// <summary>A logged-in device. The token itself is never stored; only its SHA-256.</summary>
internal sealed record Session(byte[] TokenHash, long AccountId, string DeviceId, int DeviceType, long CreatedMs, long ExpiresMs);
