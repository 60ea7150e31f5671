namespace Ferry.Appliance.Accounts;

/// <summary>The outcome of a password check done outside Ferry.</summary>
internal enum ExternalAuthResult
{
    /// <summary>The account is not managed outside: check the local password hash.</summary>
    NotManaged = 0,

    Success = 1,

    /// <summary>Wrong password, or the account is unknown to the external directory.</summary>
    Rejected = 2,

    /// <summary>The external directory could not be asked: the password was not checked (retry later).</summary>
    Unavailable = 3,
}

/// <summary>
/// Password checks for accounts whose password lives in another system (LDAP / Active Directory). Implemented by
/// <c>Directory/Ldap</c>; accounts it does not manage return <see cref="ExternalAuthResult.NotManaged"/>.
/// </summary>
internal interface IExternalAuthenticator
{
    Task<ExternalAuthResult> VerifyAsync(Account account, string password, CancellationToken cancellationToken);
}
