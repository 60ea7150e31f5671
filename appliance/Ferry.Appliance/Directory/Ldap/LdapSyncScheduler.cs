using Ferry.Transport.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// Scheduled sync: every <see cref="LdapSettings.SyncInterval"/> from the injected clock, off while LDAP is not
/// configured or the interval is 0. A changed setting restarts the wait. A scheduled run never confirms the freeze
/// guard: a plan that would freeze too many accounts waits for an administrator.
/// </summary>
internal sealed partial class LdapSyncScheduler(LdapSettingsStore settings, LdapSyncService sync, TimeProvider clock, ILogger<LdapSyncScheduler> logger)
    : BackgroundService
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        settings.Changed += () => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            Task changed = Volatile.Read(ref _changed).Task;
            TimeSpan interval = settings.Current()?.SyncInterval ?? TimeSpan.Zero;
            try
            {
                if (interval <= TimeSpan.Zero)
                {
                    await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                Task elapsed = Task.Delay(interval, clock, stoppingToken);
                if (await Task.WhenAny(elapsed, changed).ConfigureAwait(false) == changed)
                {
                    continue;
                }

                await elapsed.ConfigureAwait(false);
                (SyncPlan plan, bool applied) = await sync.SyncAsync(confirmed: false, LdapSyncTrigger.Schedule, stoppingToken).ConfigureAwait(false);
                if (!applied)
                {
                    LogNeedsConfirmation(logger, plan.Guard.Freezes, plan.Guard.ManagedActive);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (FerryException e)
            {
                LogFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 6121, Level = LogLevel.Warning, Message = "Scheduled LDAP sync not applied: it would freeze {Freezes} of {Managed} LDAP accounts; an administrator must confirm")]
    private static partial void LogNeedsConfirmation(ILogger logger, int freezes, int managed);

    [LoggerMessage(EventId = 6122, Level = LogLevel.Warning, Message = "Scheduled LDAP sync failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
