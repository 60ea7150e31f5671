namespace Ferry.Appliance.Accounts;

/// <summary>Storage seam of the accounts capability: SQLite today, PostgreSQL later, the services unchanged.</summary>
internal interface IAccountStore
{
    /// <summary>Creates an account; null when the name is taken.</summary>
    Account? TryCreate(string name, string displayName, string passwordHash, bool isAdmin, long createdMs);

    Account? FindById(long id);

    Account? FindByName(string name);

    string? PasswordHash(long accountId);

    IReadOnlyList<Account> List(long afterId, int limit);

    void CreateSession(Session session);

    /// <summary>The session and its account, or null when the token is unknown.</summary>
    (Session Session, Account Account)? FindSession(byte[] tokenHash);

    void DeleteSession(byte[] tokenHash);

    /// <summary>A device keeps one session: a new login from it replaces the old one.</summary>
    void DeleteDeviceSessions(long accountId, string deviceId);

    /// <summary>Ends every session of an account (it was deleted).</summary>
    void DeleteAccountSessions(long accountId);
}
