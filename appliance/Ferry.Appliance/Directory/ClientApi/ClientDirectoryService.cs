using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Directory.Search;
using Ferry.Appliance.Directory.Visibility;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory.ClientApi;

/// <summary>
/// What a signed-in user reads of the directory over the framed protocol: sync, profiles by id or name, search, and
/// the own profile. Every answer passes the caller's <see cref="DirectoryView"/>; an account the caller may not see
/// is answered exactly like one that does not exist.
/// </summary>
internal sealed class ClientDirectoryService(
    DirectoryService directory, IDirectoryStore store, IDirectoryVisibility visibility, AccountService accounts, DirectorySearch search,
    IDirectoryNotices notices, FerryOptions options)
{
    public const int MaxLookup = 100;
    public const int MaxAccountNameLength = 64;

    public DirectorySyncResponse Sync(Caller caller, DirectorySyncRequest request)
    {
        if (request.SinceVersion > long.MaxValue)
        {
            FerryException.Throw(ErrorCode.BadRequest, "since_version: out of range");
        }

        if (request.Limit > DirectoryService.MaxChangesPage)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"limit: must be at most {DirectoryService.MaxChangesPage}");
        }

        int limit = request.Limit == 0 ? DirectoryService.DefaultChangesPage : (int)request.Limit;
        DirectoryChanges page = directory.Changes(caller, (long)request.SinceVersion, limit, request.ViewFingerprint, options.Connections.MaxFramePayload / 2);
        return DirectoryWire.SyncResponse(page);
    }

    public ProfileLookupResponse Lookup(Caller caller, ProfileLookupRequest request)
    {
        int asked = request.Ids.Count + request.Accounts.Count;
        if (asked is 0 or > MaxLookup)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"ids and accounts: name 1 to {MaxLookup} profiles together ({asked} given)");
        }

        List<long> ids = DirectoryWire.Ids(request.Ids, "ids", MaxLookup);
        foreach (string name in request.Accounts)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxAccountNameLength)
            {
                FerryException.Throw(ErrorCode.BadRequest, $"accounts: each must be 1 to {MaxAccountNameLength} characters");
            }
        }

        DirectoryView view = visibility.ViewOf(caller.AccountId);
        var response = new ProfileLookupResponse();
        var found = new HashSet<long>();
        foreach (long id in ids)
        {
            if (Visible(view, caller.AccountId, store.FindAccount(id)) is { } account)
            {
                if (found.Add(account.Id))
                {
                    response.Accounts.Add(DirectoryWire.Account(account));
                }
            }
            else
            {
                response.MissingIds.Add((ulong)id);
            }
        }

        foreach (string name in request.Accounts)
        {
            Account? known = accounts.FindByNameCached(name.Trim());
            if (Visible(view, caller.AccountId, known is null ? null : store.FindAccount(known.Id)) is { } account)
            {
                if (found.Add(account.Id))
                {
                    response.Accounts.Add(DirectoryWire.Account(account));
                }
            }
            else
            {
                response.MissingAccounts.Add(name);
            }
        }

        return response;
    }

    public DirectorySearchResponse Search(Caller caller, DirectorySearchRequest request)
    {
        string query = request.Query.Trim();
        if (query.Length is 0 or > Pinyin.NameSearchIndex.MaxQueryLength)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"query: must be 1 to {Pinyin.NameSearchIndex.MaxQueryLength} characters");
        }

        if (request.Limit > DirectorySearch.MaxLimit)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"limit: must be at most {DirectorySearch.MaxLimit}");
        }

        int limit = request.Limit == 0 ? DirectorySearch.DefaultLimit : (int)request.Limit;
        var response = new DirectorySearchResponse();
        foreach (SearchResult hit in search.Search(query, limit, visibility.ViewOf(caller.AccountId), caller.AccountId))
        {
            response.Hits.Add(new DirectorySearchHit
            {
                Id = (ulong)hit.Card.Id,
                Account = hit.Card.Account,
                DisplayName = hit.Card.DisplayName,
                PrimaryDepartmentId = (ulong)hit.PrimaryDepartmentId,
                PrimaryDepartment = hit.PrimaryDepartment,
                Title = hit.Card.Title,
            });
        }

        return response;
    }

    public OwnProfileResponse GetOwn(Caller caller) => Own(directory.GetOwn(caller));

    /// <summary>Changes the caller's own profile (only the fields users may edit), then tells its other devices.</summary>
    public OwnProfileResponse UpdateOwn(Caller caller, UpdateOwnProfileRequest request)
    {
        Dictionary<string, string?>? attributes = null;
        if (request.Attributes.Count > 0)
        {
            attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach ((string key, string value) in request.Attributes)
            {
                attributes[key] = value.Length == 0 ? null : value;
            }
        }

        var patch = new ProfilePatch(
            request.HasDisplayName ? request.DisplayName : null,
            request.HasTitle ? request.Title : null,
            request.HasMobile ? request.Mobile : null,
            request.HasPhone ? request.Phone : null,
            request.HasEmail ? request.Email : null,
            request.HasGender ? request.Gender : null,
            request.HasEmployeeNumber ? request.EmployeeNumber : null,
            request.HasAvatar ? request.Avatar : null,
            request.HasSignature ? request.Signature : null,
            attributes);
        if (patch == new ProfilePatch())
        {
            FerryException.Throw(ErrorCode.BadRequest, "name at least one field to change");
        }

        DirectoryAccount updated = directory.UpdateOwnProfile(caller, patch);
        notices.Notify(caller.AccountId, new DirectoryNotice { OwnProfile = true }, caller.ConnectionId);
        return Own(updated);
    }

    private OwnProfileResponse Own(DirectoryAccount account) =>
        new() { Account = DirectoryWire.Account(account), Settings = DirectoryWire.Settings(store.Settings()) };

    /// <summary>The account as the viewer may see it, or null when it does not exist or is hidden. Deleted accounts show only their names.</summary>
    private static DirectoryAccount? Visible(DirectoryView view, long viewerAccountId, DirectoryAccount? account)
    {
        if (account is null || !DirectoryChangeFilter.SeesAccount(view, viewerAccountId, account.Id, account.Memberships.Select(m => m.DepartmentId)))
        {
            return null;
        }

        return account.State == AccountState.Deleted
            ? account with { Profile = Profile.Empty, Attributes = new Dictionary<string, string>(), Memberships = [] }
            : view.Present(account);
    }
}
