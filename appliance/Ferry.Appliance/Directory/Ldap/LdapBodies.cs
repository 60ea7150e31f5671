namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// The LDAP settings as the admin API reads and writes them (also how they are stored, without the password).
/// <see cref="BindPassword"/> is write-only: PUT with a value replaces it, with null keeps the stored one, with ""
/// clears it; GET never returns it, only <see cref="BindPasswordSet"/>. Durations are whole seconds.
/// </summary>
internal sealed record LdapSettingsBody(
    string? Host = null,
    int? Port = null,
    string? Security = null,
    string? TrustedCaDirectory = null,
    string? BindDn = null,
    string? BindPassword = null,
    bool? BindPasswordSet = null,
    string? BaseDn = null,
    string? UserFilter = null,
    string? OrganizationalUnitFilter = null,
    LdapAttributesBody? Attributes = null,
    int? PageSize = null,
    long? SyncIntervalSeconds = null,
    double? MaxFreezeShare = null,
    long? RequestTimeoutSeconds = null,
    long? AuthenticationTimeoutSeconds = null);

internal sealed record LdapAttributesBody(
    string? Account = null,
    string? DisplayName = null,
    string? Mail = null,
    string? Mobile = null,
    string? Telephone = null,
    string? Title = null,
    string? EmployeeNumber = null,
    string? DepartmentName = null,
    string? UniqueId = null,
    Dictionary<string, string>? Extra = null);

/// <summary>POST /api/v1/admin/ldap/sync: <see cref="Confirm"/> must be true to apply a plan the freeze guard stopped.</summary>
internal sealed record LdapSyncBody(bool? Confirm);

internal sealed record LdapPlanDepartmentBody(long? Id, string Dn, string Name, string? OldName = null, string? ParentDn = null);

internal sealed record LdapPlanAccountBody(long? Id, string Account, string? Dn = null, string? DisplayName = null, string? DepartmentDn = null, IReadOnlyList<FieldChange>? Changes = null);

internal sealed record LdapGuardBody(int Freezes, int ManagedActive, double Share, double MaxShare, bool RequiresConfirmation);

/// <summary>A preview: everything a sync would change, each skipped entry with its problem.</summary>
internal sealed record LdapPlanBody(
    IReadOnlyList<LdapPlanDepartmentBody> CreateDepartments,
    IReadOnlyList<LdapPlanDepartmentBody> RenameDepartments,
    IReadOnlyList<LdapPlanDepartmentBody> MoveDepartments,
    IReadOnlyList<LdapPlanDepartmentBody> RelinkDepartments,
    IReadOnlyList<LdapPlanDepartmentBody> RemovedDepartments,
    IReadOnlyList<LdapPlanAccountBody> CreateAccounts,
    IReadOnlyList<LdapPlanAccountBody> UpdateAccounts,
    IReadOnlyList<LdapPlanAccountBody> UnfreezeAccounts,
    IReadOnlyList<LdapPlanAccountBody> FreezeAccounts,
    IReadOnlyList<LdapEntryError> Errors,
    LdapGuardBody Guard,
    bool HasChanges)
{
    public static LdapPlanBody From(SyncPlan plan) => new(
        plan.CreateDepartments.Select(d => new LdapPlanDepartmentBody(null, d.Dn, d.Name, ParentDn: d.Parent?.Dn)).ToList(),
        plan.RenameDepartments.Select(d => new LdapPlanDepartmentBody(d.Id, d.Dn, d.NewName, OldName: d.OldName)).ToList(),
        plan.MoveDepartments.Select(d => new LdapPlanDepartmentBody(d.Id, d.Dn, d.Name, ParentDn: d.NewParent?.Dn)).ToList(),
        plan.RelinkDepartments.Select(d => new LdapPlanDepartmentBody(d.Id, d.NewDn, string.Empty, ParentDn: null) with { OldName = d.OldDn }).ToList(),
        plan.RemovedDepartments.Select(d => new LdapPlanDepartmentBody(d.Id, d.SourceDn, d.Name)).ToList(),
        plan.CreateAccounts.Select(a => new LdapPlanAccountBody(null, a.User.Account, a.User.Dn, a.User.DisplayName, a.Department?.Dn)).ToList(),
        plan.UpdateAccounts.Select(a => new LdapPlanAccountBody(a.Id, a.Account, a.User.Dn, a.User.DisplayName, a.Department?.Dn, a.Changes)).ToList(),
        plan.UnfreezeAccounts.Select(a => new LdapPlanAccountBody(a.Id, a.Account)).ToList(),
        plan.FreezeAccounts.Select(a => new LdapPlanAccountBody(a.Id, a.Account, a.SourceDn)).ToList(),
        plan.Errors,
        new LdapGuardBody(plan.Guard.Freezes, plan.Guard.ManagedActive, plan.Guard.Share, plan.Guard.MaxShare, plan.Guard.RequiresConfirmation),
        plan.HasChanges);
}

/// <summary>The outcome of POST /api/v1/admin/ldap/sync: the plan that was applied and the directory version after it.</summary>
internal sealed record LdapSyncResultBody(bool Applied, long DirectoryVersion, LdapPlanBody Plan);
