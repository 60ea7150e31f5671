using System.Text;

namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// A page of directory changes as one viewer may see it: the one place where sync applies visibility, used by the
/// framed <c>DirectorySyncRequest</c> and the REST <c>/api/v1/directory/changes</c> alike.
/// </summary>
/// <remarks>
/// Rules (issue 3 §3: clients receive only what they may see):
/// <list type="bullet">
/// <item>A visible department or account goes out as it is (accounts through <see cref="DirectoryView.Present"/>).</item>
/// <item>An entity changed after the client's version that the viewer may not see goes out as a hidden removal,
/// id only: the client may hold it from before the rules changed. A client that holds nothing (version 0, or a
/// reset) gets no removals of things it never had.</item>
/// <item>A deleted account the viewer could see keeps its names (history shows the sender); otherwise id only.</item>
/// <item>A viewer who may not see the directory sees only itself.</item>
/// <item>A client whose fingerprint differs from its view's (and which holds something) gets a reset and a full,
/// filtered resync from 0: visibility can change without the entities' versions moving. A null fingerprint (a REST
/// client that does not send <c>view=</c>) skips that check; the framed protocol always carries one.</item>
/// <item>A page is bounded by entity count (the store's page) and by bytes, so it always fits one frame. It is cut
/// between two versions, so <see cref="DirectoryChanges.NextVersion"/> stays an exact cursor.</item>
/// </list>
/// </remarks>
internal sealed class DirectoryChangeFilter(IDirectoryStore store, IDirectoryVisibility visibility)
{
    /// <summary>Half of the default frame maximum: room for the protobuf framing and a compression envelope.</summary>
    public const int DefaultMaxBytes = 512 * 1024;

    public DirectoryChanges Read(long viewerAccountId, long sinceVersion, ulong? clientFingerprint, int limit, int maxBytes) =>
        Filter(visibility.ViewOf(viewerAccountId), viewerAccountId, sinceVersion, clientFingerprint, limit, maxBytes);

    internal DirectoryChanges Filter(DirectoryView view, long viewerAccountId, long sinceVersion, ulong? clientFingerprint, int limit, int maxBytes)
    {
        bool viewChanged = sinceVersion > 0 && clientFingerprint is { } held && held != view.Fingerprint;
        DirectoryChanges page = store.ChangesSince(viewChanged ? 0 : sinceVersion, limit);
        bool reset = viewChanged || page.Reset;
        bool holdsNothing = reset || sinceVersion == 0;

        var entries = new List<Entry>(page.Departments.Count + page.Accounts.Count + page.Tombstones.Count + 1);
        if (page.Settings is { } settings)
        {
            entries.Add(new Entry(settings.Version, Size(settings), Settings: settings));
        }

        foreach (Department department in page.Departments)
        {
            if (view.SeesDirectory && view.CanSeeDepartment(department.Id))
            {
                entries.Add(new Entry(department.Version, 32 + Encoding.UTF8.GetByteCount(department.Name), Department: department));
            }
            else if (!holdsNothing)
            {
                entries.Add(Hidden(ChangeKind.Department, department.Id, department.Version));
            }
        }

        foreach (DirectoryAccount account in page.Accounts)
        {
            if (SeesAccount(view, viewerAccountId, account.Id, account.Memberships.Select(m => m.DepartmentId)))
            {
                DirectoryAccount presented = view.Present(account);
                entries.Add(new Entry(account.Version, Size(presented), Account: presented));
            }
            else if (!holdsNothing)
            {
                entries.Add(Hidden(ChangeKind.Account, account.Id, account.Version));
            }
        }

        foreach (Tombstone tombstone in page.Tombstones)
        {
            if (tombstone.Kind == ChangeKind.Department || SeesAccount(view, viewerAccountId, tombstone.Id, []))
            {
                entries.Add(new Entry(tombstone.Version, 48 + Bytes(tombstone.Name) + Bytes(tombstone.DisplayName), Tombstone: tombstone));
            }
            else if (!holdsNothing)
            {
                entries.Add(Hidden(ChangeKind.Account, tombstone.Id, tombstone.Version));
            }
        }

        entries.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        long nextVersion = page.NextVersion;
        bool more = page.More;
        int taken = 0, count = 0;
        foreach (Entry entry in entries)
        {
            taken += entry.Bytes;
            if (taken > maxBytes && count > 0)
            {
                // Cut before this entry: everything after the last one kept comes in the next page.
                nextVersion = entries[count - 1].Version;
                more = true;
                break;
            }

            count++;
        }

        List<Entry> kept = entries.GetRange(0, count);
        return new DirectoryChanges(
            kept.Where(e => e.Department is not null).Select(e => e.Department!).ToList(),
            kept.Where(e => e.Account is not null).Select(e => e.Account!).ToList(),
            kept.Where(e => e.Tombstone is not null).Select(e => e.Tombstone!).ToList(),
            kept.FirstOrDefault(e => e.Settings is not null).Settings,
            nextVersion,
            more,
            reset,
            view.Fingerprint);
    }

    /// <summary>The viewer always sees itself; others only when it may see the directory and the view allows.</summary>
    internal static bool SeesAccount(DirectoryView view, long viewerAccountId, long accountId, IEnumerable<long> departmentIds) =>
        accountId == viewerAccountId || (view.SeesDirectory && view.CanSeeAccount(accountId, departmentIds));

    private static Entry Hidden(ChangeKind kind, long id, long version) =>
        new(version, 24, Tombstone: new Tombstone(kind, id, null, null, version, Hidden: true));

    /// <summary>An upper estimate of the entity's encoded size (protobuf), so the page stays under the frame maximum.</summary>
    private static int Size(DirectoryAccount a)
    {
        int size = 96 + Bytes(a.Name) + Bytes(a.DisplayName) + Bytes(a.Profile.Title) + Bytes(a.Profile.Mobile) + Bytes(a.Profile.Phone)
            + Bytes(a.Profile.Email) + Bytes(a.Profile.EmployeeNumber) + Bytes(a.Profile.Avatar) + Bytes(a.Profile.Signature);
        foreach ((string key, string value) in a.Attributes)
        {
            size += 12 + Bytes(key) + Bytes(value);
        }

        foreach (Membership membership in a.Memberships)
        {
            size += 32 + Bytes(membership.Title);
        }

        return size;
    }

    private static int Size(DirectorySettings settings) =>
        32 + settings.EditableFields.Sum(f => 8 + Bytes(f.Key)) + settings.Attributes.Sum(a => 24 + Bytes(a.Key) + Bytes(a.Label));

    private static int Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    private readonly record struct Entry(
        long Version, int Bytes, Department? Department = null, DirectoryAccount? Account = null, Tombstone? Tombstone = null, DirectorySettings? Settings = null);
}
