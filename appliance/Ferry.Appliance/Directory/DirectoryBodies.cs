using System.Text.Json.Serialization;
using Ferry.Appliance.Accounts;

namespace Ferry.Appliance.Directory;

// JSON bodies of the directory REST API. Request bodies refuse unknown members, so a misspelt field is an error
// rather than silently ignored. Null in a request means "not given".

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record CreateDepartmentBody(string? Name, long? ParentId, int? Position);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record RenameDepartmentBody(string? Name);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record MoveDepartmentBody(long? ParentId, int? Position);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record ReorderDepartmentsBody(long? ParentId, List<long>? Order);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record ProfileBody(
    string? DisplayName = null,
    string? Title = null,
    string? Mobile = null,
    string? Phone = null,
    string? Email = null,
    string? Gender = null,
    string? EmployeeNumber = null,
    string? Avatar = null,
    string? Signature = null,
    Dictionary<string, string?>? Attributes = null)
{
    public ProfilePatch ToPatch() => new(DisplayName, Title, Mobile, Phone, Email, Gender, EmployeeNumber, Avatar, Signature, Attributes);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record MembershipItemBody(long? DepartmentId, bool Primary = false, string? Title = null, int? Order = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record MembershipsBody(List<MembershipItemBody?>? Memberships);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record AttributeDefinitionBody(string? Label, bool? UserEditable);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record FieldSettingsBody(Dictionary<string, bool>? EditableFields);

internal sealed record DepartmentBody(long Id, long ParentId, string Name, int Order, long Version, int? Children = null, int? Members = null)
{
    public static DepartmentBody From(Department d) => new(d.Id, d.ParentId, d.Name, d.Order, d.Version);

    public static DepartmentBody From(DepartmentNode n) => new(n.Department.Id, n.Department.ParentId, n.Department.Name, n.Department.Order, n.Department.Version, n.Children, n.Members);
}

internal sealed record DepartmentListBody(List<DepartmentBody> Departments);

internal sealed record MembershipBody(long DepartmentId, bool Primary, string Title, int Order);

internal sealed record DirectoryAccountBody(
    long Id,
    string Account,
    string DisplayName,
    string State,
    bool? IsAdmin,
    string Title,
    string Mobile,
    string Phone,
    string Email,
    string Gender,
    string EmployeeNumber,
    string Avatar,
    string Signature,
    Dictionary<string, string> Attributes,
    List<MembershipBody> Memberships,
    long Version)
{
    /// <summary>The account as the API shows it; whether it is an administrator only to administrators.</summary>
    public static DirectoryAccountBody From(DirectoryAccount a, bool showAdmin) => new(
        a.Id, a.Name, a.DisplayName, AccountBody.StateName(a.State), showAdmin ? a.IsAdmin : null,
        a.Profile.Title, a.Profile.Mobile, a.Profile.Phone, a.Profile.Email, DirectoryRules.GenderName(a.Profile.Gender),
        a.Profile.EmployeeNumber, a.Profile.Avatar, a.Profile.Signature,
        new Dictionary<string, string>(a.Attributes, StringComparer.Ordinal),
        a.Memberships.Select(m => new MembershipBody(m.DepartmentId, m.IsPrimary, m.Title, m.Order)).ToList(),
        a.Version);
}

internal sealed record MemberListBody(List<DirectoryAccountBody> Members, int? Next);

internal sealed record AttributeBody(string Key, string Label, bool UserEditable, int Order)
{
    public static AttributeBody From(AttributeDefinition a) => new(a.Key, a.Label, a.UserEditable, a.Order);
}

internal sealed record DirectorySettingsBody(Dictionary<string, bool> EditableFields, List<AttributeBody> Attributes, long Version)
{
    public static DirectorySettingsBody From(DirectorySettings s) =>
        new(new Dictionary<string, bool>(s.EditableFields, StringComparer.Ordinal), s.Attributes.Select(AttributeBody.From).ToList(), s.Version);
}

/// <summary>A removal: deleted (accounts keep their names), or <see cref="Hidden"/> (no longer visible to the caller; id only).</summary>
internal sealed record TombstoneBody(string Kind, long Id, string? Account, string? DisplayName, long Version, bool? Hidden);

/// <summary>
/// One page of <c>GET /api/v1/directory/changes</c>: apply it, store <see cref="NextVersion"/>, and ask again while
/// <see cref="More"/>. <see cref="Reset"/>: drop the local copy first (the server's history, or the caller's view, is
/// not the client's). Send <see cref="ViewFingerprint"/> back as <c>view=</c> with the next request.
/// </summary>
internal sealed record DirectoryChangesBody(
    List<DepartmentBody> Departments,
    List<DirectoryAccountBody> Accounts,
    List<TombstoneBody> Tombstones,
    DirectorySettingsBody? Settings,
    long NextVersion,
    bool More,
    bool Reset,
    ulong ViewFingerprint)
{
    public static DirectoryChangesBody From(DirectoryChanges c) => new(
        c.Departments.Select(DepartmentBody.From).ToList(),
        c.Accounts.Select(a => DirectoryAccountBody.From(a, showAdmin: false)).ToList(),
        c.Tombstones.Select(t => new TombstoneBody(t.Kind == ChangeKind.Department ? "department" : "account", t.Id, t.Name, t.DisplayName, t.Version, t.Hidden ? true : null)).ToList(),
        c.Settings is null ? null : DirectorySettingsBody.From(c.Settings),
        c.NextVersion,
        c.More,
        c.Reset,
        c.ViewFingerprint);
}
