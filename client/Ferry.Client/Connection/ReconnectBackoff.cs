namespace Ferry.Client.Connection;

/// <summary>
/// Delays between reconnect attempts: exponential from <c>min</c>, capped at <c>max</c>, each scaled by a random
/// factor in [0.5, 1.5) so that clients cut off together (a server restart) do not come back together.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Func<double> _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan min, TimeSpan max, Func<double>? random = null)
    {
        if (min <= TimeSpan.Zero || max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(min), "need 0 < min <= max");
        }

        _min = min;
        _max = max;
        _random = random ?? Random.Shared.NextDouble;
    }

    public TimeSpan Next()
    {
        double exponential = _min.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30));
        double capped = Math.Min(exponential, _max.TotalMilliseconds);
        _attempt++;
        return TimeSpan.FromMilliseconds(capped * (0.5 + _random()));
    }

    public void Reset() => _attempt = 0;
}
