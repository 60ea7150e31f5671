namespace Ferry.Appliance.Directory.Visibility;

/// <summary>Storage seam of visibility rules. Each write is one transaction; an empty rule removes its row.</summary>
internal interface IVisibilityStore
{
    /// <summary>The current generation of <c>visibility_stamp</c> and the viewer's admin flag and departments, in one read.</summary>
    ViewerFacts Viewer(long accountId);

    /// <summary>The department tree, every rule, and the memberships under contacts-hidden subtrees, from one read snapshot.</summary>
    VisibilityData Load();

    /// <summary>The current generation of <c>visibility_stamp</c>: it moves on every change that can change a view.</summary>
    long Generation();

    AccountRule? FindAccountRule(long accountId);

    DepartmentRule? FindDepartmentRule(long departmentId);

    IReadOnlyList<AccountRule> AccountRules();

    IReadOnlyList<DepartmentRule> DepartmentRules();

    void PutAccountRule(AccountRule rule, long nowMs);

    void PutDepartmentRule(DepartmentRule rule, long nowMs);
}
