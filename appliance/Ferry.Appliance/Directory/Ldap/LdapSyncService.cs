using Ferry.Appliance.Configuration;
using Ferry.Appliance.Security;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>What started a sync, for the log and the run history.</summary>
internal enum LdapSyncTrigger
{
    Administrator,
    Schedule,
}

/// <summary>
/// Preview and sync: read the server, plan against the directory, and (sync only) apply the plan in one transaction.
/// </summary>
/// <remarks>
/// Invariant: one sync or preview at a time (<see cref="_running"/>); a second request gets Conflict rather than
/// waiting, and the scheduler skips its turn. The snapshot is taken and the plan applied under the directory's write
/// lock, so no administrator's edit can slip between planning and applying.
/// </remarks>
internal sealed partial class LdapSyncService(
    LdapSettingsStore settingsStore,
    LdapDirectoryStore store,
    DirectoryService directory,
    FerryOptions options,
    TimeProvider clock,
    ILoggerFactory loggers)
{
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger<LdapSyncService>();

    public LdapSettings RequireSettings() =>
        settingsStore.Current() ?? FerryException.Throw<LdapSettings>(ErrorCode.Conflict, "LDAP is not configured: PUT /api/v1/admin/ldap/settings first");

    public Task<SyncPlan> PreviewAsync(CancellationToken cancellationToken) =>
        RunExclusiveAsync(async settings =>
        {
            UpstreamSnapshot upstream = await ReadAsync(settings, cancellationToken).ConfigureAwait(false);
            return LdapSyncPlanner.Plan(settings, upstream, store.Snapshot());
        }, waitForTurn: false);

    /// <summary>
    /// Reads, plans and applies. A plan the freeze guard stops is not applied unless <paramref name="confirmed"/>;
    /// returns it with <c>Applied</c> false so the caller can show what would be frozen.
    /// </summary>
    public Task<(SyncPlan Plan, bool Applied)> SyncAsync(bool confirmed, LdapSyncTrigger trigger, CancellationToken cancellationToken) =>
        RunExclusiveAsync(async settings =>
        {
            long started = clock.GetUtcNow().ToUnixTimeMilliseconds();
            try
            {
                (SyncPlan plan, bool applied) = await SyncOnceAsync(settings, confirmed, trigger, cancellationToken).ConfigureAwait(false);
                store.RecordRun(started, clock.GetUtcNow().ToUnixTimeMilliseconds(), trigger.ToString(),
                    applied ? $"applied: +{plan.CreateDepartments.Count} departments, +{plan.CreateAccounts.Count} accounts, {plan.UpdateAccounts.Count} updated, {plan.FreezeAccounts.Count} frozen, {plan.UnfreezeAccounts.Count} unfrozen, {plan.Errors.Count} entries skipped"
                            : $"waiting for confirmation: would freeze {plan.Guard.Freezes} of {plan.Guard.ManagedActive}");
                return (plan, applied);
            }
            catch (FerryException e)
            {
                store.RecordRun(started, clock.GetUtcNow().ToUnixTimeMilliseconds(), trigger.ToString(), "failed: " + e.Message);
                throw;
            }
        }, waitForTurn: trigger == LdapSyncTrigger.Schedule);

    private async Task<(SyncPlan Plan, bool Applied)> SyncOnceAsync(LdapSettings settings, bool confirmed, LdapSyncTrigger trigger, CancellationToken cancellationToken)
    {
        UpstreamSnapshot upstream = await ReadAsync(settings, cancellationToken).ConfigureAwait(false);
        // One hash for the whole run: the accounts it creates log in by LDAP bind, never by this random password.
        string unusable = PasswordHasher.Hash(PasswordHasher.GeneratePassword() + PasswordHasher.GeneratePassword(), options.Sessions.PasswordIterations);
        var outcome = directory.WriteExclusively(
            () =>
            {
                SyncPlan plan = LdapSyncPlanner.Plan(settings, upstream, store.Snapshot());
                if (plan.RequiresConfirmation && !confirmed)
                {
                    return (Plan: plan, Applied: false, Touched: (IReadOnlyList<long>)[]);
                }

                IReadOnlyList<long> touched = plan.HasChanges ? Apply(plan, settings, unusable) : [];
                return (Plan: plan, Applied: true, Touched: touched);
            },
            result => result.Touched);
        (SyncPlan plan, bool applied) = (outcome.Plan, outcome.Applied);
        LogSync(_logger, trigger, applied, plan.CreateDepartments.Count, plan.CreateAccounts.Count, plan.UpdateAccounts.Count, plan.FreezeAccounts.Count,
            plan.UnfreezeAccounts.Count, plan.Errors.Count);
        return (plan, applied);
    }

    /// <summary>The database refuses what the plan could not foresee (a sibling department or employee number taken since): nothing is written.</summary>
    private IReadOnlyList<long> Apply(SyncPlan plan, LdapSettings settings, string unusablePasswordHash)
    {
        try
        {
            return store.Apply(plan, settings.Attributes.Extra.Values, directory.NextId, unusablePasswordHash, clock.GetUtcNow().ToUnixTimeMilliseconds());
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT
        {
            return FerryException.Throw<IReadOnlyList<long>>(ErrorCode.Conflict, $"the sync was not applied, nothing changed: the directory refused it ({e.Message}); rename the clashing department or fix the entry upstream");
        }
    }

    private async Task<T> RunExclusiveAsync<T>(Func<LdapSettings, Task<T>> run, bool waitForTurn)
    {
        LdapSettings settings = RequireSettings();
        if (!await _running.WaitAsync(waitForTurn ? Timeout.InfiniteTimeSpan : TimeSpan.Zero).ConfigureAwait(false))
        {
            FerryException.Throw(ErrorCode.Conflict, "an LDAP sync or preview is already running; try again when it has finished");
        }

        try
        {
            return await run(settings).ConfigureAwait(false);
        }
        finally
        {
            _running.Release();
        }
    }

    private Task<UpstreamSnapshot> ReadAsync(LdapSettings settings, CancellationToken cancellationToken) =>
        new LdapDirectoryReader(settings, loggers.CreateLogger<LdapDirectoryReader>()).ReadAsync(cancellationToken);

    [LoggerMessage(EventId = 6120, Level = LogLevel.Information,
        Message = "LDAP sync ({Trigger}): applied={Applied} departments+{Departments} accounts+{Created} updated={Updated} frozen={Frozen} unfrozen={Unfrozen} skipped entries={Errors}")]
    private static partial void LogSync(ILogger logger, LdapSyncTrigger trigger, bool applied, int departments, int created, int updated, int frozen, int unfrozen, int errors);
}
