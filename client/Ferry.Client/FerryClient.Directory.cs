using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;

namespace Ferry.Client;

/// <summary>The client directory API: sync into <see cref="Directory"/>, profiles, search, own profile, personal data.</summary>
public sealed partial class FerryClient
{
    /// <summary>The server's largest directory sync page (docs/protocol.md, DirectorySyncRequest.limit).</summary>
    private const uint MaxDirectoryPage = 1000;

    private readonly SemaphoreSlim _directorySync = new(1, 1);
    private ulong _autoSyncTarget;
    private int _autoSyncRunning;

    /// <summary>1 when a notice said the visibility rules changed: one sync is due even at the same version.</summary>
    private int _viewCheckDue;

    /// <summary>This account's copy of the directory, current as of the last <see cref="SyncDirectoryAsync"/>; kept across restarts.</summary>
    public LocalDirectory Directory { get; }

    /// <summary>
    /// Raised (on the connection's read loop: keep handlers short) when another device of this account changed its
    /// personal data or own profile — fetch it again with <see cref="GetPersonalDataAsync"/> / <see cref="GetOwnProfileAsync"/> —
    /// or when the directory moved (<c>DirectoryVersion</c>; the client then syncs by itself, see <see cref="DirectoryUpdated"/>).
    /// </summary>
    public event Action<DirectoryNotice>? DirectoryNoticeReceived;

    /// <summary>
    /// Raised (on a pool thread) after an automatic sync applied changes to <see cref="Directory"/>, with its new
    /// version. The server announces directory changes (<c>DirectoryNotice.directory_version</c>, at most once a second);
    /// when the announced version is above <see cref="LocalDirectory.Version"/>, the client syncs by itself.
    /// </summary>
    public event Action<ulong>? DirectoryUpdated;

    /// <summary>
    /// Brings <see cref="Directory"/> up to date: asks for the changes after its version, page by page, and applies
    /// them. A first sync fetches everything; later ones only what changed. Returns how many pages were applied.
    /// </summary>
    public async Task<int> SyncDirectoryAsync(CancellationToken cancellationToken = default)
    {
        await _directorySync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int pages = 0;
            while (true)
            {
                // The largest page the server gives: a first sync of 100,000 accounts takes half the round trips of the default.
                var request = new DirectorySyncRequest { SinceVersion = Directory.Version, ViewFingerprint = Directory.ViewFingerprint, Limit = MaxDirectoryPage };
                DirectorySyncResponse page = await InvokeAsync(FrameType.DirectorySyncRequest, request, FrameType.DirectorySyncResponse, DirectorySyncResponse.Parser, cancellationToken)
                    .ConfigureAwait(false);
                Directory.Apply(page);
                pages++;
                if (!page.More)
                {
                    Directory.Save();
                    return pages;
                }
            }
        }
        finally
        {
            _directorySync.Release();
        }
    }

    /// <summary>Profiles by id and/or account name (at most 100 together); those not found or not visible are listed as missing.</summary>
    public Task<ProfileLookupResponse> LookupProfilesAsync(IEnumerable<ulong>? ids = null, IEnumerable<string>? accounts = null, CancellationToken cancellationToken = default)
    {
        var request = new ProfileLookupRequest();
        request.Ids.Add(ids ?? []);
        request.Accounts.Add(accounts ?? []);
        return InvokeAsync(FrameType.ProfileLookupRequest, request, FrameType.ProfileLookupResponse, ProfileLookupResponse.Parser, cancellationToken);
    }

    /// <summary>Searches by display name, account, full pinyin or initials; best match first, at most <paramref name="limit"/> (1..50).</summary>
    public async Task<IReadOnlyList<DirectorySearchHit>> SearchDirectoryAsync(string query, uint limit = 20, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        DirectorySearchResponse answer = await InvokeAsync(
            FrameType.DirectorySearchRequest, new DirectorySearchRequest { Query = query, Limit = limit }, FrameType.DirectorySearchResponse, DirectorySearchResponse.Parser, cancellationToken)
            .ConfigureAwait(false);
        return answer.Hits;
    }

    /// <summary>This account's profile and which fields it may edit.</summary>
    public Task<OwnProfileResponse> GetOwnProfileAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(FrameType.OwnProfileRequest, new OwnProfileRequest(), FrameType.OwnProfileResponse, OwnProfileResponse.Parser, cancellationToken);

    /// <summary>Changes the fields set in <paramref name="change"/> (only those the administrator lets users edit).</summary>
    public Task<OwnProfileResponse> UpdateOwnProfileAsync(UpdateOwnProfileRequest change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return InvokeAsync(FrameType.UpdateOwnProfileRequest, change, FrameType.OwnProfileResponse, OwnProfileResponse.Parser, cancellationToken);
    }

    public Task<OwnProfileResponse> SetSignatureAsync(string signature, CancellationToken cancellationToken = default) =>
        UpdateOwnProfileAsync(new UpdateOwnProfileRequest { Signature = signature }, cancellationToken);

    public async Task<PersonalData> GetPersonalDataAsync(CancellationToken cancellationToken = default) =>
        (await PersonalAsync(FrameType.PersonalDataRequest, new PersonalDataRequest(), cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>Replaces the frequent departments (at most 50, in this order).</summary>
    public async Task<PersonalData> SetFrequentDepartmentsAsync(IEnumerable<ulong> departmentIds, CancellationToken cancellationToken = default)
    {
        var request = new SetFrequentDepartmentsRequest();
        request.DepartmentIds.Add(departmentIds);
        return (await PersonalAsync(FrameType.SetFrequentDepartmentsRequest, request, cancellationToken).ConfigureAwait(false)).Data;
    }

    /// <summary>Creates a personal contact group; returns its id and the updated data.</summary>
    public async Task<(ulong GroupId, PersonalData Data)> CreateContactGroupAsync(string name, CancellationToken cancellationToken = default)
    {
        PersonalDataResponse answer = await PersonalAsync(FrameType.ContactGroupRequest, new ContactGroupRequest { Create = name }, cancellationToken).ConfigureAwait(false);
        return (answer.CreatedGroupId, answer.Data);
    }

    public async Task<PersonalData> RenameContactGroupAsync(ulong groupId, string name, CancellationToken cancellationToken = default) =>
        (await PersonalAsync(FrameType.ContactGroupRequest, new ContactGroupRequest { Rename = new RenameContactGroup { GroupId = groupId, Name = name } }, cancellationToken).ConfigureAwait(false)).Data;

    public async Task<PersonalData> DeleteContactGroupAsync(ulong groupId, CancellationToken cancellationToken = default) =>
        (await PersonalAsync(FrameType.ContactGroupRequest, new ContactGroupRequest { Delete = groupId }, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>Sets the order of the groups: every group once.</summary>
    public async Task<PersonalData> ReorderContactGroupsAsync(IEnumerable<ulong> groupIds, CancellationToken cancellationToken = default)
    {
        var reorder = new ReorderContactGroups();
        reorder.GroupIds.Add(groupIds);
        return (await PersonalAsync(FrameType.ContactGroupRequest, new ContactGroupRequest { Reorder = reorder }, cancellationToken).ConfigureAwait(false)).Data;
    }

    /// <summary>Replaces a group's members (at most 500 visible accounts, in this order).</summary>
    public async Task<PersonalData> SetContactGroupMembersAsync(ulong groupId, IEnumerable<ulong> memberIds, CancellationToken cancellationToken = default)
    {
        var members = new SetContactGroupMembers { GroupId = groupId };
        members.MemberIds.Add(memberIds);
        return (await PersonalAsync(FrameType.ContactGroupRequest, new ContactGroupRequest { SetMembers = members }, cancellationToken).ConfigureAwait(false)).Data;
    }

    /// <summary>The accounts this account had direct conversations with, most recent first (at most 50).</summary>
    public async Task<IReadOnlyList<RecentContact>> GetRecentContactsAsync(uint limit = 0, CancellationToken cancellationToken = default) =>
        (await InvokeAsync(FrameType.RecentContactsRequest, new RecentContactsRequest { Limit = limit }, FrameType.RecentContactsResponse, RecentContactsResponse.Parser, cancellationToken)
            .ConfigureAwait(false)).Contacts;

    private Task<PersonalDataResponse> PersonalAsync(FrameType type, Google.Protobuf.IMessage request, CancellationToken cancellationToken) =>
        InvokeAsync(type, request, FrameType.PersonalDataResponse, PersonalDataResponse.Parser, cancellationToken);

    private void OnDirectoryNotice(DirectoryNotice notice)
    {
        DirectoryNoticeReceived?.Invoke(notice);
        if (notice.ViewChanged)
        {
            Volatile.Write(ref _viewCheckDue, 1);
        }

        if (notice.DirectoryVersion > Directory.Version || notice.ViewChanged)
        {
            RaiseTarget(notice.DirectoryVersion);

            // Never on the read loop: the sync waits for answers that this very loop delivers.
            _ = Task.Run(AutoSyncAsync);
        }
    }

    private bool AutoSyncDue() => Directory.Version < Volatile.Read(ref _autoSyncTarget) || Volatile.Read(ref _viewCheckDue) == 1;

    private void RaiseTarget(ulong version)
    {
        ulong seen = Volatile.Read(ref _autoSyncTarget);
        while (version > seen)
        {
            ulong previous = Interlocked.CompareExchange(ref _autoSyncTarget, version, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>
    /// Syncs until <see cref="Directory"/> reaches the highest version announced, and once after a view change was
    /// announced (the server answers with a reset when this account's view changed). Single flight: one loop at a time
    /// (a notice arriving meanwhile only raises its target), and each pass goes through <see cref="SyncDirectoryAsync"/>,
    /// so it also never overlaps an application's own sync.
    /// </summary>
    private async Task AutoSyncAsync()
    {
        // Invariant: after the flag is released, the target is checked again, so a notice that lands between the
        // loop's last check and the release is not lost. (A pass that fails or makes no progress gives up until the
        // next notice or reconnect; it does not retry in a loop.)
        while (AutoSyncDue() && Interlocked.Exchange(ref _autoSyncRunning, 1) == 0)
        {
            try
            {
                while (AutoSyncDue())
                {
                    bool viewCheck = Interlocked.Exchange(ref _viewCheckDue, 0) == 1;
                    (ulong before, ulong fingerprint) = (Directory.Version, Directory.ViewFingerprint);
                    await SyncDirectoryAsync(_disposing.Token).ConfigureAwait(false);
                    if (Directory.Version > before || Directory.ViewFingerprint != fingerprint)
                    {
                        DirectoryUpdated?.Invoke(Directory.Version);
                    }
                    else if (!viewCheck)
                    {
                        // The server answered nothing newer than held: stop rather than spin; the next notice tries again.
                        return;
                    }
                }
            }
            catch (Exception e) when (e is FerryException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // Offline or closing: the next connection's sync, or the next notice, catches up.
                Log("automatic directory sync failed: " + e.Message);
                return;
            }
            finally
            {
                Volatile.Write(ref _autoSyncRunning, 0);
            }
        }
    }
}
