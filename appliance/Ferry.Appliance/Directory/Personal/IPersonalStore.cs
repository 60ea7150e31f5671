namespace Ferry.Appliance.Directory.Personal;

/// <summary>A personal contact group as stored: members in the user's order.</summary>
internal sealed record ContactGroupRecord(long Id, string Name, IReadOnlyList<long> MemberIds);

/// <summary>One user's personal directory data as stored (unfiltered).</summary>
internal sealed record PersonalRecord(IReadOnlyList<long> FrequentDepartmentIds, IReadOnlyList<ContactGroupRecord> Groups, long Version);

/// <summary>
/// Storage seam of personal directory data. Each write is one transaction that also raises the account's personal
/// version and returns it. The rules (limits, visibility, ownership) are checked by <see cref="PersonalService"/>.
/// </summary>
internal interface IPersonalStore
{
    PersonalRecord Load(long accountId);

    long SetFrequentDepartments(long accountId, IReadOnlyList<long> departmentIds);

    /// <summary>Adds a group last; a name the user already has (any case) is a conflict.</summary>
    long CreateGroup(long accountId, long groupId, string name, long nowMs);

    long RenameGroup(long accountId, long groupId, string name);

    long DeleteGroup(long accountId, long groupId);

    /// <summary><paramref name="groupIds"/> is every group of the user, once.</summary>
    long ReorderGroups(long accountId, IReadOnlyList<long> groupIds);

    long SetMembers(long accountId, long groupId, IReadOnlyList<long> memberIds);
}
