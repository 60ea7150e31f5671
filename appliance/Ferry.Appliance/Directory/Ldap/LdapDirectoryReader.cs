using System.Diagnostics;
using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// Reads departments and users from the LDAP server with the service account: one connection, two paged subtree
/// searches under the base DN (OUs, then users), mapped by <see cref="LdapEntryMapper"/>. Blocking I/O (the library
/// has no real async API), so <see cref="ReadAsync"/> runs it on the thread pool; a sync is rare and single.
/// </summary>
internal sealed partial class LdapDirectoryReader(LdapSettings settings, ILogger<LdapDirectoryReader> logger)
{
    /// <summary>The complete snapshot, or a <see cref="FerryException"/> (<c>Unavailable</c>): never a partial one.</summary>
    public Task<UpstreamSnapshot> ReadAsync(CancellationToken cancellationToken) =>
        Task.Run(() => Read(cancellationToken), cancellationToken);

    public UpstreamSnapshot Read(CancellationToken cancellationToken)
    {
        settings.ThrowIfInvalid();
        long started = Stopwatch.GetTimestamp();
        LdapConnection connection;
        try
        {
            connection = LdapConnections.Open(settings, settings.RequestTimeout);
        }
        catch (Exception e) when (e is LdapException or DirectoryException or DllNotFoundException)
        {
            throw LdapConnections.Unavailable("LDAP connect", settings, e);
        }

        using (connection)
        {
            try
            {
                LdapConnections.Bind(connection, settings.BindDn, settings.BindPassword);
            }
            catch (Exception e) when (e is LdapException or DirectoryException)
            {
                throw LdapConnections.Unavailable($"LDAP bind as '{settings.BindDn}'", settings, e);
            }

            (List<LdapEntry> units, int unitPages) = Search(connection, settings.OrganizationalUnitFilter, LdapEntryMapper.RequestedAttributes(settings.Attributes, users: false), cancellationToken);
            (List<LdapEntry> users, int userPages) = Search(connection, settings.UserFilter, LdapEntryMapper.RequestedAttributes(settings.Attributes, users: true), cancellationToken);
            UpstreamSnapshot snapshot = LdapEntryMapper.Map(settings, units, users);
            LogRead(logger, settings.Host, snapshot.Departments.Count, snapshot.Users.Count, snapshot.Errors.Count, unitPages + userPages, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return snapshot;
        }
    }

    /// <summary>
    /// One paged subtree search (RFC 2696): ask for <see cref="LdapSettings.PageSize"/> entries, then again with the
    /// server's cookie until it returns an empty one. The control is critical: a server that cannot page must refuse
    /// rather than silently return its size limit's worth (AD: 1,000) and make the rest look deleted.
    /// </summary>
    internal (List<LdapEntry> Entries, int Pages) Search(LdapConnection connection, string filter, string[] attributes, CancellationToken cancellationToken)
    {
        var request = new SearchRequest(settings.BaseDn, filter, SearchScope.Subtree, attributes);
        var paging = new PageResultRequestControl(settings.PageSize) { IsCritical = true };
        request.Controls.Add(paging);
        request.TimeLimit = settings.RequestTimeout;
        var entries = new List<LdapEntry>();
        int pages = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SearchResponse response;
            try
            {
                response = (SearchResponse)connection.SendRequest(request, settings.RequestTimeout);
            }
            catch (Exception e) when (e is LdapException or DirectoryException)
            {
                throw LdapConnections.Unavailable($"LDAP search {filter} under '{settings.BaseDn}' (page {pages + 1})", settings, e);
            }

            pages++;
            foreach (SearchResultEntry entry in response.Entries)
            {
                entries.Add(ToEntry(entry));
            }

            PageResultResponseControl? next = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault();
            if (next is null || next.Cookie.Length == 0)
            {
                return (entries, pages);
            }

            paging.Cookie = next.Cookie;
        }
    }

    private static LdapEntry ToEntry(SearchResultEntry entry)
    {
        var values = new Dictionary<string, IReadOnlyList<object>>(StringComparer.OrdinalIgnoreCase);
        foreach (DirectoryAttribute attribute in entry.Attributes.Values)
        {
            var list = new List<object>(attribute.Count);
            for (int i = 0; i < attribute.Count; i++)
            {
                // The indexer gives a string when the value is valid UTF-8, else the raw bytes.
                list.Add(attribute[i]);
            }

            values[attribute.Name] = list;
        }

        return new LdapEntry(entry.DistinguishedName, values);
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "LDAP read from {Host}: {Departments} departments, {Users} users, {Errors} entries with errors, {Pages} pages in {ElapsedMs} ms")]
    private static partial void LogRead(ILogger logger, string host, int departments, int users, int errors, int pages, long elapsedMs);
}
