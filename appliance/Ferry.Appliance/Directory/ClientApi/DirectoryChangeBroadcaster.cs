using Ferry.Transport.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Directory.ClientApi;

/// <summary>
/// Tells every signed-in connection that the directory moved: once a second at most, a <c>DirectoryNotice</c> with
/// <c>directory_version</c> when <see cref="IDirectoryStore.CurrentVersion"/> went up since the last broadcast.
/// Clients holding an older copy then sync (the SDK does so by itself).
/// </summary>
/// <remarks>
/// Why a periodic check rather than a signal from the writers: the directory has many writers (the admin API, import,
/// restore, LDAP sync, users' own profiles, visibility account rules through their trigger), and the version is
/// stamped by the schema's triggers, not by one code path; a check of the one counter sees them all, including writers
/// added later, with no plumbing to forget. It costs one indexed read a second (the same read the search read model
/// does before each search) and nothing per connection while nothing changes. The period is also the debounce: any
/// number of changes within it are one broadcast, so an import of 100,000 accounts is one notice, not 100,000.
/// A change reaches clients within about a second. Department visibility rules do not move the version (they change
/// the viewers' fingerprints instead): the visibility generation is checked beside it, and a rise is announced with
/// <c>view_changed</c>, on which clients sync once and the affected ones receive their reset.
/// </remarks>
internal sealed partial class DirectoryChangeBroadcaster(
    IDirectoryStore store, Visibility.IVisibilityStore visibility, IDirectoryNotices notices, TimeProvider clock, ILogger<DirectoryChangeBroadcaster> logger)
    : BackgroundService
{
    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private long _announced = -1;
    private long _announcedGeneration = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The version at start is the baseline: clients sync on connect, so there is nothing to announce yet.
        (_announced, _announcedGeneration) = Read() ?? (-1, -1);
        using var timer = new PeriodicTimer(Period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One check: broadcasts when the version or the visibility generation went up since the last broadcast (or the baseline).</summary>
    internal void Tick()
    {
        if (Read() is not (long version, long generation) || (version <= _announced && generation <= _announcedGeneration))
        {
            return;
        }

        // Only a rise is announced: clients act only on versions above the one they hold, or on a view change.
        bool viewChanged = _announcedGeneration >= 0 && generation > _announcedGeneration;
        _announced = Math.Max(_announced, version);
        _announcedGeneration = Math.Max(_announcedGeneration, generation);
        notices.Broadcast(new DirectoryNotice { DirectoryVersion = (ulong)version, ViewChanged = viewChanged });
    }

    private (long Version, long Generation)? Read()
    {
        try
        {
            return (store.CurrentVersion(), visibility.Generation());
        }
        catch (SqliteException e)
        {
            // A busy or failing database this second: try again next tick.
            LogReadFailed(logger, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 6130, Level = LogLevel.Warning, Message = "Directory change broadcast skipped: the directory version could not be read: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}
