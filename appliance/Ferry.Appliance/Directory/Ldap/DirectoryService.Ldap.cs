using Ferry.Appliance.Accounts;

namespace Ferry.Appliance.Directory;

/// <summary>The seam the LDAP sync applies its plan through: the same write lock and scope check as every directory write.</summary>
internal sealed partial class DirectoryService
{
    /// <summary>
    /// LDAP settings, preview and sync change the whole company: the directory-settings right on a company-wide
    /// target, through the one admin gate (department administrators are refused).
    /// </summary>
    public void AuthorizeLdap(Caller caller) => Authorize(caller, DirectoryRight.ManageSettings, Administration.AdminTarget.Company);

    /// <summary>Runs a multi-entity write (one LDAP sync) under the directory's write lock, then drops changed accounts from the caches.</summary>
    public T WriteExclusively<T>(Func<T> write, Func<T, IEnumerable<long>> changedAccounts)
    {
        T result;
        lock (_writes)
        {
            result = write();
        }

        foreach (long id in changedAccounts(result))
        {
            AccountChanged(id);
        }

        return result;
    }

    public long DirectoryVersion() => store.CurrentVersion();

    public long NextId() => ids.Next();
}
