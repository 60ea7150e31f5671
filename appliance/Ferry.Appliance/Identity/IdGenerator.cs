namespace Ferry.Appliance.Identity;

/// <summary>
/// The one source of server ids: 64-bit, time-ordered, unique within the appliance.
/// Layout: 42 bits of milliseconds since 2026-01-01 UTC, 12 bits counter, 10 bits node. A burst of more than
/// 4,096 ids in a millisecond carries into the time part, so ids stay unique and increasing.
/// </summary>
internal sealed class IdGenerator(TimeProvider clock, int node = 0)
{
    private const long Step = 1L << 10;
    private static readonly long Epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private readonly long _node = node & 0x3FF;
    private long _last;

    public long Next()
    {
        long now = ((clock.GetUtcNow().ToUnixTimeMilliseconds() - Epoch) << 22) | _node;
        while (true)
        {
            long last = Volatile.Read(ref _last);
            long candidate = Math.Max(now, last + Step);
            if (Interlocked.CompareExchange(ref _last, candidate, last) == last)
            {
                return candidate;
            }
        }
    }
}
