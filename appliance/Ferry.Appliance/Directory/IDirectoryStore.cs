using Ferry.Appliance.Accounts;

namespace Ferry.Appliance.Directory;

/// <summary>
/// Storage seam of the directory. Each write is one transaction: it happens entirely or not at all. The rules
/// (existence, cycles, emptiness, field formats) are checked by <see cref="DirectoryService"/> under its write lock
/// before a write is made; the store only reports what the database itself refuses (duplicate names and numbers).
/// </summary>
internal interface IDirectoryStore
{
    long CurrentVersion();

    Department? FindDepartment(long id);

    /// <summary>Children of a department (0: the top level) in sibling order, with their counts.</summary>
    IReadOnlyList<DepartmentNode> Children(long parentId);

    /// <summary>The chain from the department up to the top level, the department first.</summary>
    IReadOnlyList<long> AncestorsOf(long departmentId);

    int MemberCount(long departmentId);

    /// <summary>Inserts a department at <paramref name="position"/> among its siblings (null: last).</summary>
    Department CreateDepartment(long id, long parentId, string name, int? position, long nowMs);

    Department RenameDepartment(long id, string name, long nowMs);

    /// <summary>Re-parents a department (or moves it within its parent) to <paramref name="position"/> (null: last).</summary>
    Department MoveDepartment(long id, long parentId, int? position, long nowMs);

    /// <summary>Sets the sibling order of a parent's children: <paramref name="orderedIds"/> is exactly its children.</summary>
    void ReorderChildren(long parentId, IReadOnlyList<long> orderedIds, long nowMs);

    void DeleteDepartment(long id);

    DirectoryAccount? FindAccount(long id);

    /// <summary>Direct members of a department in member order.</summary>
    IReadOnlyList<DirectoryAccount> Members(long departmentId, int offset, int limit);

    DirectoryAccount UpdateProfile(long accountId, ProfilePatch patch, long nowMs);

    /// <summary>Replaces the account's memberships; an input without an order keeps its old place, or goes last when new.</summary>
    DirectoryAccount SetMemberships(long accountId, IReadOnlyList<MembershipInput> memberships);

    /// <summary>Changes the account's lifecycle state; <see cref="AccountState.Deleted"/> also removes its memberships.</summary>
    void SetState(long accountId, AccountState state);

    DirectorySettings Settings();

    void SetFieldEditability(IReadOnlyDictionary<string, bool> editable);

    /// <summary>Creates or updates an attribute definition; a new one goes last.</summary>
    AttributeDefinition PutAttribute(string key, string label, bool userEditable);

    /// <summary>Removes the definition and every account's value of it; false when it did not exist.</summary>
    bool DeleteAttribute(string key);

    /// <summary>Up to <paramref name="limit"/> changed entities after <paramref name="sinceVersion"/>, read from one snapshot.</summary>
    DirectoryChanges ChangesSince(long sinceVersion, int limit);
}
