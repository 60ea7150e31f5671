using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;

namespace Ferry.LoadGen;

/// <summary>
/// A ferryd started for one scenario on a fresh data directory, with load-test settings, and its accounts.
/// FERRY_SESSIONS__PASSWORDITERATIONS=1000 makes account creation and password logins cheap: a load-test-only
/// setting (the default, and the floor outside tests, is 600,000 PBKDF2-SHA256 iterations).
/// </summary>
internal sealed class Fixture : IAsyncDisposable
{
    public const string Password = "load-test-password";

    private Fixture(FerrydProcess server, AdminApi admin)
    {
        Server = server;
        Admin = admin;
    }

    public FerrydProcess Server { get; }

    public AdminApi Admin { get; }

    public IPEndPoint FramedEndPoint => new(IPAddress.Loopback, Server.FramedPort);

    public static async Task<Fixture> StartAsync(IDictionary<string, string>? extraEnvironment = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["FERRY_SESSIONS__PASSWORDITERATIONS"] = "1000",
        };
        foreach ((string key, string value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        FerrydProcess server = await FerrydProcess.StartNewAsync(environment);
        var admin = new AdminApi(server);
        await admin.LoginAsAdminAsync();
        Console.WriteLine($"ferryd pid {server.ProcessId} ({Environment.GetEnvironmentVariable("FERRY_TEST_FERRYD") ?? "ferryd.dll under dotnet"}), framed port {server.FramedPort}, data {server.DataDirectory}");
        return new Fixture(server, admin);
    }

    public static string AccountName(int index) => "load" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates accounts load0..load(count-1) over REST, a few at a time (each is one durable commit).</summary>
    public async Task CreateAccountsAsync(int count, int parallel = 16)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
            await Admin.CreateAccountAsync(AccountName(i), Password));
        Console.WriteLine($"created {count} accounts in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Password logins over REST, one per (account, device): returns the session tokens.</summary>
    public async Task<string[]> LoginAllAsync(int count, Func<int, (string Account, string Device)> who, int parallel = 16)
    {
        var clock = Stopwatch.StartNew();
        string[] tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            (string account, string device) = who(i);
            using HttpResponseMessage response = await Admin.Http.PostAsync("/api/v1/auth/login", AdminApi.Json(new JsonObject { ["account"] = account, ["password"] = Password, ["deviceId"] = device }));
            response.EnsureSuccessStatusCode();
            JsonObject body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            tokens[i] = body["token"]!.GetValue<string>();
        });
        Console.WriteLine($"{count} password logins in {clock.Elapsed.TotalSeconds:F1} s");
        return tokens;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Readings from /proc: resident memory and CPU time of a process.</summary>
internal static class ProcStats
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static long RssBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    public static long StatusKilobytes(int pid, string field)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>User + system CPU seconds the process has used so far (/proc/PID/stat fields 14 and 15).</summary>
    public static double CpuSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static string OpenFileLimit(int pid) =>
        File.ReadLines($"/proc/{pid}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?.Trim() ?? "?";

    /// <summary>Source addresses 127.1.0.1, 127.1.0.2 …: loopback answers for all of 127.0.0.0/8.</summary>
    public static IPAddress SourceAddress(int connection, int perAddress)
    {
        int index = (connection / perAddress) + 1;
        return new IPAddress(new byte[] { 127, 1, (byte)(index >> 8), (byte)(index & 0xff) });
    }
}

/// <summary>CPU split between the load generator and the server over a measured interval.</summary>
internal sealed class CpuWindow(int serverPid)
{
    private readonly double _server0 = ProcStats.CpuSeconds(serverPid);
    private readonly double _self0 = ProcStats.CpuSeconds(Environment.ProcessId);
    private readonly (long Busy, long Total) _machine0 = MachineTicks();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Report()
    {
        double wall = _clock.Elapsed.TotalSeconds;
        double server = ProcStats.CpuSeconds(serverPid) - _server0;
        double self = ProcStats.CpuSeconds(Environment.ProcessId) - _self0;
        (long busy, long total) = MachineTicks();
        double machine = 100.0 * (busy - _machine0.Busy) / Math.Max(1, total - _machine0.Total);
        double others = Math.Max(0, (machine * Environment.ProcessorCount / 100 * wall) - server - self);
        return $"CPU over {wall:F1} s wall: ferryd {server:F1} s ({100 * server / wall:F0}% of one core), loadgen {self:F1} s ({100 * self / wall:F0}%); " +
            $"machine ({Environment.ProcessorCount} cores) {machine:F0}% busy, other processes {others:F1} s; loadavg {File.ReadAllText("/proc/loadavg").Trim()}";
    }

    /// <summary>Busy and total jiffies of all CPUs (/proc/stat line "cpu"): busy = total - idle - iowait.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        string[] fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long[] values = fields.Skip(1).Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        long total = values.Take(8).Sum();
        return (total - values[3] - values[4], total);
    }
}
