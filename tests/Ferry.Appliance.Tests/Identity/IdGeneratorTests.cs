using Ferry.Appliance.Identity;
using Ferry.Appliance.Tests.Support;

namespace Ferry.Appliance.Tests.Identity;

public sealed class IdGeneratorTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Clocks => ["system", "frozen"];

    [Theory]
    [MemberData(nameof(Clocks))]
    public void Ids_strictly_increase(string clock)
    {
        var ids = new IdGenerator(Clock(clock));

        long[] issued = Enumerable.Range(0, 20_000).Select(_ => ids.Next()).ToArray();

        Assert.True(issued.Zip(issued.Skip(1)).All(p => p.First < p.Second));
        Assert.All(issued, id => Assert.True(id > 0));
    }

    [Theory]
    [MemberData(nameof(Clocks))]
    public void Ids_are_unique_and_increasing_per_thread_under_contention(string clock)
    {
        const int Threads = 8, PerThread = 25_000;
        var ids = new IdGenerator(Clock(clock));
        var issued = new long[Threads][];
        using var start = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var mine = new long[PerThread];
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                mine[i] = ids.Next();
            }

            issued[t] = mine;
        })).ToArray();

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(Threads * PerThread, issued.SelectMany(i => i).Distinct().Count());
        Assert.All(issued, mine => Assert.True(mine.Zip(mine.Skip(1)).All(p => p.First < p.Second)));
    }

    [Fact]
    public void Ids_carry_the_time_and_the_node()
    {
        var clock = new ManualClock(Epoch.AddDays(10));
        var ids = new IdGenerator(clock, node: 5);

        long first = ids.Next();
        clock.Advance(TimeSpan.FromSeconds(1));
        long later = ids.Next();

        Assert.Equal((long)TimeSpan.FromDays(10).TotalMilliseconds, first >> 22);
        Assert.Equal((long)(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(1)).TotalMilliseconds, later >> 22);
        Assert.Equal(5, first & 0x3FF);
        Assert.Equal(5, later & 0x3FF);
    }

    [Fact]
    public void A_burst_beyond_4096_in_one_millisecond_carries_into_the_time_part()
    {
        var ids = new IdGenerator(new ManualClock(Epoch.AddDays(1)), node: 3);

        long[] burst = Enumerable.Range(0, 5000).Select(_ => ids.Next()).ToArray();

        Assert.Equal(burst[0] >> 22, burst[4095] >> 22);
        Assert.Equal((burst[0] >> 22) + 1, burst[4096] >> 22);
        Assert.All(burst, id => Assert.Equal(3, id & 0x3FF));
    }

    [Fact]
    public void A_clock_stepping_back_does_not_reissue_or_reorder()
    {
        var clock = new ManualClock(Epoch.AddDays(2));
        var ids = new IdGenerator(clock);
        long before = ids.Next();

        clock.Advance(TimeSpan.FromMinutes(-5));
        long after = ids.Next();

        Assert.True(after > before);
    }

    private static TimeProvider Clock(string kind) => kind == "frozen" ? new ManualClock(Epoch.AddDays(30)) : TimeProvider.System;
}
