using System.Globalization;
using Ferry.Cli.Output;
using Ferry.Client;
using Ferry.Transport.Contracts;

namespace Ferry.Cli.Commands;

/// <summary>`ferry dir sync|search|profile|me|groups|recent`: the client directory API from the command line.</summary>
internal static class DirectoryCommands
{
    public static async Task<int> SyncAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        int pages = await client.SyncDirectoryAsync(cancellationToken).ConfigureAwait(false);
        LocalDirectory directory = client.Directory;
        var line = new DirSyncLine(directory.Version, directory.Departments.Count, directory.Accounts.Count, pages);
        context.Output.Result(line, CliJsonContext.Lines.DirSyncLine, $"{line.Departments} departments, {line.Accounts} accounts at version {line.Version}");
        return 0;
    }

    public static async Task<int> SearchAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string query = context.Arguments.Positionals[0];
        uint limit = context.Arguments.Option("limit") is { } text
            ? uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint n) && n is > 0 and <= 50 ? n : throw context.Usage($"--limit '{text}' must be 1 to 50")
            : 20;
        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        foreach (DirectorySearchHit hit in await client.SearchDirectoryAsync(query, limit, cancellationToken).ConfigureAwait(false))
        {
            Print(context, new DirAccountLine(hit.Id, hit.Account, hit.DisplayName, hit.PrimaryDepartment, hit.Title, string.Empty));
        }

        return 0;
    }

    public static async Task<int> ProfileAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        ProfileLookupResponse found = await client.LookupProfilesAsync(accounts: context.Arguments.Positionals, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (DirectoryAccount account in found.Accounts)
        {
            Print(context, Line(account));
        }

        foreach (string missing in found.MissingAccounts)
        {
            context.Output.Note($"no account '{missing}'");
        }

        return found.MissingAccounts.Count == 0 ? 0 : 1;
    }

    public static async Task<int> MeAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        OwnProfileResponse own = context.Arguments.Option("signature") is { } signature
            ? await client.SetSignatureAsync(signature, cancellationToken).ConfigureAwait(false)
            : await client.GetOwnProfileAsync(cancellationToken).ConfigureAwait(false);
        Print(context, Line(own.Account));
        if (!context.Output.Json)
        {
            context.Output.Note("you may edit: " + string.Join(", ", own.Settings.EditableFields.Where(f => f.Value).Select(f => f.Key).Order(StringComparer.Ordinal)));
        }

        return 0;
    }

    public static async Task<int> GroupsAsync(CommandContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> args = context.Arguments.Positionals;
        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        PersonalData data = args.Count == 0 ? await client.GetPersonalDataAsync(cancellationToken).ConfigureAwait(false) : args[0] switch
        {
            "create" when args.Count == 2 => (await client.CreateContactGroupAsync(args[1], cancellationToken).ConfigureAwait(false)).Data,
            "rename" when args.Count == 3 => await client.RenameContactGroupAsync(GroupId(context, args[1]), args[2], cancellationToken).ConfigureAwait(false),
            "delete" when args.Count == 2 => await client.DeleteContactGroupAsync(GroupId(context, args[1]), cancellationToken).ConfigureAwait(false),
            "members" when args.Count >= 2 => await SetMembersAsync(context, client, GroupId(context, args[1]), args.Skip(2).ToList(), cancellationToken).ConfigureAwait(false),
            _ => throw context.Usage("expected: create NAME | rename ID NAME | delete ID | members ID ACCOUNT..."),
        };

        // Members are ids on the wire; show account names.
        ulong[] memberIds = data.Groups.SelectMany(g => g.MemberIds).Distinct().ToArray();
        Dictionary<ulong, string> names = memberIds.Length == 0
            ? []
            : (await client.LookupProfilesAsync(ids: memberIds.Take(100), cancellationToken: cancellationToken).ConfigureAwait(false)).Accounts.ToDictionary(a => a.Id, a => a.Account);
        foreach (ContactGroup group in data.Groups)
        {
            var line = new DirGroupLine(group.Id, group.Name, group.MemberIds.Select(id => names.GetValueOrDefault(id, "#" + id.ToString(CultureInfo.InvariantCulture))).ToList());
            context.Output.Result(line, CliJsonContext.Lines.DirGroupLine, $"{line.Id}  {line.Name}: {string.Join(", ", line.Members)}");
        }

        return 0;
    }

    public static async Task<int> RecentAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        foreach (RecentContact contact in await client.GetRecentContactsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            Print(context, new DirAccountLine(contact.Id, contact.Account, contact.DisplayName, string.Empty, string.Empty, string.Empty));
        }

        return 0;
    }

    private static async Task<PersonalData> SetMembersAsync(CommandContext context, FerryClient client, ulong groupId, List<string> accounts, CancellationToken cancellationToken)
    {
        var ids = new List<ulong>();
        if (accounts.Count > 0)
        {
            ProfileLookupResponse found = await client.LookupProfilesAsync(accounts: accounts, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (found.MissingAccounts.Count > 0)
            {
                throw context.Usage("no account " + string.Join(", ", found.MissingAccounts.Select(a => $"'{a}'")));
            }

            ids.AddRange(accounts.Select(a => found.Accounts.First(p => string.Equals(p.Account, a, StringComparison.OrdinalIgnoreCase)).Id));
        }

        return await client.SetContactGroupMembersAsync(groupId, ids, cancellationToken).ConfigureAwait(false);
    }

    private static ulong GroupId(CommandContext context, string text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) && id > 0 ? id : throw context.Usage($"'{text}' is not a group id");

    private static DirAccountLine Line(DirectoryAccount account) =>
        new(account.Id, account.Account, account.DisplayName, string.Empty, account.Title, account.Signature);

    private static void Print(CommandContext context, DirAccountLine line)
    {
        string department = line.Department.Length > 0 ? $"  [{line.Department}]" : string.Empty;
        string title = line.Title.Length > 0 ? $"  {line.Title}" : string.Empty;
        string signature = line.Signature.Length > 0 ? $"  \"{line.Signature}\"" : string.Empty;
        context.Output.Result(line, CliJsonContext.Lines.DirAccountLine, $"{line.Account}  {line.DisplayName}{department}{title}{signature}");
    }
}
