using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory.ClientApi;
using Ferry.Appliance.Directory.Search;
using Ferry.Appliance.Directory.Visibility;
using Ferry.Appliance.Identity;
using Ferry.Appliance.Messaging;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory.Personal;

/// <summary>
/// Each user's personal directory data: frequent departments, personal contact groups, recent contacts. Everything
/// it accepts or returns passes the user's <see cref="DirectoryView"/>: a user cannot store, nor read back, a
/// department or account it may not see. Every change raises the user's personal version and is announced to the
/// user's other online devices (<see cref="DirectoryNotice"/>), so multi-device clients stay in step.
/// </summary>
/// <remarks>
/// Invariant: checks and the write they guard run under <see cref="_writes"/> (group counts, ownership and names
/// cannot change in between); ferryd is the only writer of its database.
/// </remarks>
internal sealed class PersonalService(
    IPersonalStore store, IDirectoryStore directory, IDirectoryVisibility visibility, DirectorySearch search, MessagingService messaging,
    IDirectoryNotices notices, IdGenerator ids, TimeProvider clock)
{
    public const int MaxFrequentDepartments = 50;
    public const int MaxGroups = 100;
    public const int MaxGroupMembers = 500;
    public const int MaxGroupNameLength = 64;
    public const int MaxRecentContacts = 50;

    private readonly Lock _writes = new();

    public PersonalDataResponse Get(Caller caller) => Answer(caller, store.Load(caller.AccountId), createdGroupId: 0);

    public PersonalDataResponse SetFrequentDepartments(Caller caller, SetFrequentDepartmentsRequest request)
    {
        List<long> departments = DirectoryWire.Ids(request.DepartmentIds, "department_ids", MaxFrequentDepartments);
        DirectoryView view = visibility.ViewOf(caller.AccountId);
        foreach (long id in departments)
        {
            // A department the user may not see is refused exactly like one that does not exist.
            if (!view.SeesDirectory || !view.CanSeeDepartment(id) || directory.FindDepartment(id) is null)
            {
                FerryException.Throw(ErrorCode.BadRequest, $"department_ids: no department {id}");
            }
        }

        lock (_writes)
        {
            return Changed(caller, store.SetFrequentDepartments(caller.AccountId, departments), 0);
        }
    }

    public PersonalDataResponse ChangeGroups(Caller caller, ContactGroupRequest request)
    {
        lock (_writes)
        {
            IReadOnlyList<ContactGroupRecord> groups = store.Load(caller.AccountId).Groups;
            switch (request.ChangeCase)
            {
                case ContactGroupRequest.ChangeOneofCase.Create:
                {
                    string name = GroupName(request.Create);
                    if (groups.Count >= MaxGroups)
                    {
                        FerryException.Throw(ErrorCode.BadRequest, $"create: at most {MaxGroups} contact groups per user");
                    }

                    long id = ids.Next();
                    return Changed(caller, store.CreateGroup(caller.AccountId, id, name, clock.GetUtcNow().ToUnixTimeMilliseconds()), id);
                }

                case ContactGroupRequest.ChangeOneofCase.Rename:
                {
                    long id = OwnGroup(groups, request.Rename.GroupId, "rename.group_id");
                    return Changed(caller, store.RenameGroup(caller.AccountId, id, GroupName(request.Rename.Name)), 0);
                }

                case ContactGroupRequest.ChangeOneofCase.Delete:
                    return Changed(caller, store.DeleteGroup(caller.AccountId, OwnGroup(groups, request.Delete, "delete")), 0);

                case ContactGroupRequest.ChangeOneofCase.Reorder:
                {
                    List<long> order = DirectoryWire.Ids(request.Reorder.GroupIds, "reorder.group_ids", MaxGroups);
                    if (order.Count != groups.Count || !groups.All(g => order.Contains(g.Id)))
                    {
                        FerryException.Throw(ErrorCode.BadRequest, $"reorder.group_ids: must list each of your {groups.Count} groups exactly once");
                    }

                    return Changed(caller, store.ReorderGroups(caller.AccountId, order), 0);
                }

                case ContactGroupRequest.ChangeOneofCase.SetMembers:
                {
                    long id = OwnGroup(groups, request.SetMembers.GroupId, "set_members.group_id");
                    List<long> members = DirectoryWire.Ids(request.SetMembers.MemberIds, "set_members.member_ids", MaxGroupMembers);
                    DirectoryView view = visibility.ViewOf(caller.AccountId);
                    search.CatchUp();
                    foreach (long member in members)
                    {
                        if (search.VisibleCard(view, caller.AccountId, member) is null)
                        {
                            FerryException.Throw(ErrorCode.BadRequest, $"set_members.member_ids: no account {member}");
                        }
                    }

                    return Changed(caller, store.SetMembers(caller.AccountId, id, members), 0);
                }

                default:
                    return FerryException.Throw<PersonalDataResponse>(ErrorCode.BadRequest, "change: one of create, rename, delete, reorder, set_members is required");
            }
        }
    }

    public RecentContactsResponse Recent(Caller caller, RecentContactsRequest request)
    {
        if (request.Limit > MaxRecentContacts)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"limit: must be at most {MaxRecentContacts}");
        }

        int limit = request.Limit == 0 ? MaxRecentContacts : (int)request.Limit;
        DirectoryView view = visibility.ViewOf(caller.AccountId);
        search.CatchUp();
        var response = new RecentContactsResponse();

        // Ask for more than the limit: peers the caller may no longer see (or frozen, deleted) are left out.
        foreach ((long peer, long lastActive) in messaging.RecentDirectPeers(caller, limit * 4))
        {
            if (search.VisibleCard(view, caller.AccountId, peer) is { } card)
            {
                response.Contacts.Add(new RecentContact { Id = (ulong)peer, Account = card.Account, DisplayName = card.DisplayName, LastActiveMs = lastActive });
                if (response.Contacts.Count == limit)
                {
                    break;
                }
            }
        }

        return response;
    }

    private PersonalDataResponse Changed(Caller caller, long version, long createdGroupId)
    {
        notices.Notify(caller.AccountId, new DirectoryNotice { PersonalVersion = (ulong)version }, caller.ConnectionId);
        return Answer(caller, store.Load(caller.AccountId), createdGroupId);
    }

    /// <summary>The stored data as the user may see it now: departments and members hidden since they were stored are left out.</summary>
    private PersonalDataResponse Answer(Caller caller, PersonalRecord record, long createdGroupId)
    {
        DirectoryView view = visibility.ViewOf(caller.AccountId);
        search.CatchUp();
        var data = new PersonalData { Version = (ulong)record.Version };
        foreach (long department in record.FrequentDepartmentIds)
        {
            if (view.SeesDirectory && view.CanSeeDepartment(department) && directory.FindDepartment(department) is not null)
            {
                data.FrequentDepartmentIds.Add((ulong)department);
            }
        }

        foreach (ContactGroupRecord group in record.Groups)
        {
            var wire = new ContactGroup { Id = (ulong)group.Id, Name = group.Name };
            foreach (long member in group.MemberIds)
            {
                if (search.VisibleCard(view, caller.AccountId, member) is not null)
                {
                    wire.MemberIds.Add((ulong)member);
                }
            }

            data.Groups.Add(wire);
        }

        return new PersonalDataResponse { Data = data, CreatedGroupId = (ulong)createdGroupId };
    }

    private static long OwnGroup(IReadOnlyList<ContactGroupRecord> groups, ulong value, string field)
    {
        long id = DirectoryWire.Id(value, field);
        return groups.Any(g => g.Id == id) ? id : FerryException.Throw<long>(ErrorCode.NotFound, $"{field}: you have no group {id}");
    }

    private static string GroupName(string name)
    {
        name = name.Trim();
        if (name.Length is 0 or > MaxGroupNameLength || name.Any(char.IsControl))
        {
            FerryException.Throw(ErrorCode.BadRequest, $"name: must be 1 to {MaxGroupNameLength} characters without control characters");
        }

        return name;
    }
}
