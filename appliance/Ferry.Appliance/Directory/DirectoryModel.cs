using Ferry.Appliance.Accounts;

namespace Ferry.Appliance.Directory;

/// <summary>What a row of <c>directory_changes</c> versions. Stored as numbers: never renumber.</summary>
internal enum ChangeKind
{
    Department = 1,
    Account = 2,

    /// <summary>Field editability and extended attribute definitions: one entity, id 0.</summary>
    Settings = 3,
}

internal enum Gender
{
    Unspecified = 0,
    Male = 1,
    Female = 2,
}

/// <summary>A department. <see cref="ParentId"/> is 0 at the top level; <see cref="Order"/> is dense (0, 1, …) among siblings.</summary>
internal sealed record Department(long Id, long ParentId, string Name, int Order, long Version);

/// <summary>A department as the admin tree shows it: with how many children and direct members it has.</summary>
internal sealed record DepartmentNode(Department Department, int Children, int Members);

/// <summary>An account's place in one department: its title and order there. Exactly one of an account's memberships is primary.</summary>
internal sealed record Membership(long DepartmentId, bool IsPrimary, string Title, int Order);

/// <summary>A membership as an administrator sets it: without an order it keeps its old place, or goes last.</summary>
internal sealed record MembershipInput(long DepartmentId, bool IsPrimary, string Title, int? Order);

/// <summary>The standard profile fields, empty string when unset.</summary>
internal sealed record Profile(
    string Title,
    string Mobile,
    string Phone,
    string Email,
    Gender Gender,
    string EmployeeNumber,
    string Avatar,
    string Signature)
{
    public static Profile Empty { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, Gender.Unspecified, string.Empty, string.Empty, string.Empty);
}

/// <summary>An account with everything the directory knows of it.</summary>
internal sealed record DirectoryAccount(
    long Id,
    string Name,
    string DisplayName,
    bool IsAdmin,
    AccountState State,
    Profile Profile,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<Membership> Memberships,
    long Version);

/// <summary>
/// A change to a profile. Null leaves a field as it is; an empty string clears it. In <see cref="Attributes"/> a null
/// or empty value removes the attribute from the account.
/// </summary>
internal sealed record ProfilePatch(
    string? DisplayName = null,
    string? Title = null,
    string? Mobile = null,
    string? Phone = null,
    string? Email = null,
    string? Gender = null,
    string? EmployeeNumber = null,
    string? Avatar = null,
    string? Signature = null,
    IReadOnlyDictionary<string, string?>? Attributes = null);

/// <summary>An administrator-defined profile attribute.</summary>
internal sealed record AttributeDefinition(string Key, string Label, bool UserEditable, int Order);

/// <summary>Which standard fields users may edit from a client, and the extended attributes.</summary>
internal sealed record DirectorySettings(IReadOnlyDictionary<string, bool> EditableFields, IReadOnlyList<AttributeDefinition> Attributes, long Version);

/// <summary>
/// A department or account the client must drop. Deleted accounts keep their names so history can show them;
/// <see cref="Hidden"/>: it still exists but the viewer may no longer see it (id only, nothing else is told).
/// </summary>
internal sealed record Tombstone(ChangeKind Kind, long Id, string? Name, string? DisplayName, long Version, bool Hidden = false);

/// <summary>
/// One page of directory changes after a version. <see cref="Reset"/>: the client's version is from another history
/// (newer than the server's, as after a restore), or its view of the directory changed; it must drop what it holds
/// and apply this page, which starts at 0. <see cref="ViewFingerprint"/>: the viewer's view the page was filtered by.
/// </summary>
internal sealed record DirectoryChanges(
    IReadOnlyList<Department> Departments,
    IReadOnlyList<DirectoryAccount> Accounts,
    IReadOnlyList<Tombstone> Tombstones,
    DirectorySettings? Settings,
    long NextVersion,
    bool More,
    bool Reset,
    ulong ViewFingerprint = 0);

/// <summary>The standard profile fields by their API names.</summary>
internal static class ProfileFields
{
    public const string DisplayName = "displayName";
    public const string Title = "title";
    public const string Mobile = "mobile";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Gender = "gender";
    public const string EmployeeNumber = "employeeNumber";
    public const string Avatar = "avatar";
    public const string Signature = "signature";

    /// <summary>Key prefix in <c>directory_settings</c> of "users may edit this field".</summary>
    public const string EditableSettingPrefix = "editable.";

    public static IReadOnlyList<string> Standard { get; } = [DisplayName, Title, Mobile, Phone, Email, Gender, EmployeeNumber, Avatar, Signature];

    /// <summary>Personal fields are the user's; organisational ones (name, title, number, e-mail) the administrator's.</summary>
    public static IReadOnlySet<string> UserEditableByDefault { get; } = new HashSet<string>(StringComparer.Ordinal) { Mobile, Phone, Gender, Avatar, Signature };
}
