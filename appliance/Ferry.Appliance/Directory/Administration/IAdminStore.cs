namespace Ferry.Appliance.Directory.Administration;

/// <summary>Storage seam of administrator grants. Each write is one transaction.</summary>
internal interface IAdminStore
{
    AdminGrant? Find(long accountId);

    /// <summary>Every grant, plus an enterprise pseudo-grant (no granter) for each <c>is_admin</c> account without one, the super administrator excepted.</summary>
    IReadOnlyList<AdminGrant> List();

    /// <summary>Stores the grant and sets <c>accounts.is_admin</c> to whether it is an enterprise grant.</summary>
    void Put(AdminGrant grant);

    /// <summary>Removes the account's grant and clears <c>accounts.is_admin</c>.</summary>
    void Remove(long accountId);
}
