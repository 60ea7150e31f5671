using Ferry.Client.Connection;

namespace Ferry.Client.Tests;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Doubles_from_the_minimum_to_the_cap()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), () => 0.5);

        double[] delays = Enumerable.Range(0, 10).Select(_ => backoff.Next().TotalMilliseconds).ToArray();

        Assert.Equal([200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000], delays);
        backoff.Reset();
        Assert.Equal(200, backoff.Next().TotalMilliseconds);
    }

    [Theory]
    [InlineData(0.0, 100)]
    [InlineData(0.999, 299.8)]
    public void Jitter_spans_plus_minus_half(double random, double expectedMs)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), () => random);

        Assert.Equal(expectedMs, backoff.Next().TotalMilliseconds, precision: 1);
    }
}
