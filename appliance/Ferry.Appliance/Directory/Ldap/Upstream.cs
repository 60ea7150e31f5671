namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// An organizational unit as read from the server. <see cref="ParentDn"/> is null at the top (directly under the
/// base DN). <see cref="Order"/> ranks siblings by name: LDAP has no sibling order of its own.
/// <see cref="UniqueId"/> is the configured stable id (entryUUID / objectGUID), null when not configured or absent.
/// </summary>
internal sealed record UpstreamDepartment(string Dn, string? ParentDn, string Name, int Order, string? UniqueId);

/// <summary>
/// A user as read from the server, every mapped field checked (empty string when the entry has no value).
/// <see cref="DepartmentDn"/> is the nearest enclosing department (an OU the sync reads), null when the user sits
/// directly under the base DN or in a plain container (like AD's <c>CN=Users</c>) with no department above it.
/// <see cref="Attributes"/> holds the configured extra attributes by directory key.
/// </summary>
internal sealed record UpstreamUser(
    string Dn,
    string? DepartmentDn,
    string Account,
    string DisplayName,
    string Mail,
    string Mobile,
    string Phone,
    string Title,
    string EmployeeNumber,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// An entry the sync could not use, and why. <see cref="Account"/> is set when the account name itself was readable:
/// the planner then leaves that account alone (neither updates nor freezes it) until the entry is fixed upstream.
/// </summary>
internal sealed record LdapEntryError(string Dn, string? Account, string Problem)
{
    public override string ToString() => Account is null ? $"{Dn}: {Problem}" : $"{Dn} ({Account}): {Problem}";
}

/// <summary>
/// Everything one read of the server returned. Only a complete read produces a snapshot: a failure part-way (lost
/// connection, timeout, size limit) throws instead, so a partial read can never look like users removed upstream.
/// </summary>
internal sealed record UpstreamSnapshot(
    IReadOnlyList<UpstreamDepartment> Departments,
    IReadOnlyList<UpstreamUser> Users,
    IReadOnlyList<LdapEntryError> Errors);

/// <summary>One search result entry: its DN and each requested attribute's values (string, or byte[] when not text).</summary>
internal sealed record LdapEntry(string Dn, IReadOnlyDictionary<string, IReadOnlyList<object>> Values);
