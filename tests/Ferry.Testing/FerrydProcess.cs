using System.Diagnostics;
using System.Text.Json;

namespace Ferry.Testing;

/// <summary>
/// A real <c>ferryd</c> process on loopback with ephemeral ports and its own data directory.
/// Start-up is synchronised on the server's own "ready" log event, never on a sleep.
/// The binary is <c>$FERRY_TEST_FERRYD</c> when set (e.g. the native-AOT build), else the ferryd.dll built beside the tests.
/// </summary>
public sealed class FerrydProcess : IAsyncDisposable
{
    private Process? _process;
    private readonly List<string> _log = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _logWaiters = [];

    private FerrydProcess(string dataDirectory, string adminPassword, string fingerprint, IReadOnlyDictionary<string, string> environment)
    {
        DataDirectory = dataDirectory;
        AdminPassword = adminPassword;
        Fingerprint = fingerprint;
        Environment = environment;
    }

    public string DataDirectory { get; }

    public string AdminPassword { get; }

    public string Fingerprint { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public int DiscoveryPort { get; private set; }

    public int FramedPort { get; private set; }

    public int HttpsPort { get; private set; }

    public string Server => $"127.0.0.1:{DiscoveryPort}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running server's pid (for /proc readings in load tests); 0 when not running.</summary>
    public int ProcessId => _process?.Id ?? 0;

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToArray();
            }
        }
    }

    /// <summary>Completes with the first log line (past or future) that matches: for waiting on server events.</summary>
    public Task<string> LogLineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_log)
        {
            string? past = _log.FirstOrDefault(match);
            if (past is not null)
            {
                seen.SetResult(past);
            }
            else
            {
                _logWaiters.Add((match, seen));
            }
        }

        return seen.Task;
    }

    /// <summary>Initialises a fresh data directory and starts the server on it.</summary>
    public static async Task<FerrydProcess> StartNewAsync(IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        environment ??= new Dictionary<string, string>();
        string data = Path.Combine(Path.GetTempPath(), "ferry-test-" + Guid.NewGuid().ToString("N")[..12]);
        (int exit, string stdout, string stderr) = await RunToEndAsync(["init", "--data", data, "--json"], environment, cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"ferryd init failed ({exit}): {stderr}");
        }

        using JsonDocument init = JsonDocument.Parse(stdout);
        var server = new FerrydProcess(data, init.RootElement.GetProperty("adminPassword").GetString()!, init.RootElement.GetProperty("fingerprint").GetString()!, environment);
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts (or restarts) the server on its data directory; returns once it logs that it is ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("already running");
        }

        var ready = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A restart binds the ports of the first start, so connected clients can find the server again.
        ProcessStartInfo start = StartInfo(
            ["run", "--data", DataDirectory, "--listen", "127.0.0.1", "--discovery-port", Port(DiscoveryPort), "--framed-port", Port(FramedPort), "--https-port", Port(HttpsPort)],
            Environment);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => OnLine(line.Data, ready);
        process.ErrorDataReceived += (_, line) => OnLine(line.Data, null);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("ferryd exited before it was ready:\n" + string.Join('\n', Log)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        JsonElement state = await ready.Task.WaitAsync(timeout.Token);
        DiscoveryPort = state.GetProperty("DiscoveryPort").GetInt32();
        FramedPort = state.GetProperty("FramedPort").GetInt32();
        HttpsPort = state.GetProperty("HttpsPort").GetInt32();
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power loss of the process.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM, then waits for the graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (_process is null)
        {
            return 0;
        }

        Posix.Terminate(_process.Id);
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        int code = _process.ExitCode;
        _process.Dispose();
        _process = null;
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test run for.
        }
    }

    /// <summary>Runs ferryd with arguments to completion (init, version, bad options …).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var process = Process.Start(StartInfo(arguments, environment ?? new Dictionary<string, string>()))!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    private void OnLine(string? line, TaskCompletionSource<JsonElement>? ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
            foreach (var waiter in _logWaiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult(line);
                _logWaiters.Remove(waiter);
            }
        }

        if (ready is null || !line.StartsWith('{') || !line.Contains("\"EventId\":1001", StringComparison.Ordinal))
        {
            return;
        }

        using JsonDocument entry = JsonDocument.Parse(line);
        ready.TrySetResult(entry.RootElement.GetProperty("State").Clone());
    }

    /// <summary>The ferryd.dll that the build put in the appliance project's output (the test projects depend on it).</summary>
    private static string BuiltFerrydDll()
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Appliance.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("cannot find the repository root (Appliance.sln) above " + AppContext.BaseDirectory);
        }

        string bin = Path.Combine(root.FullName, "appliance", "Ferry.Appliance", "bin");
        FileInfo? newest = Directory.Exists(bin)
            ? new DirectoryInfo(bin).EnumerateFiles("ferryd.dll", SearchOption.AllDirectories)
                .Where(f => !f.DirectoryName!.Contains("publish", StringComparison.Ordinal))
                .MaxBy(f => f.LastWriteTimeUtc)
            : null;
        return newest?.FullName ?? throw new InvalidOperationException($"ferryd.dll not built under {bin}; build the solution first");
    }

    private static ProcessStartInfo StartInfo(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        string? binary = System.Environment.GetEnvironmentVariable("FERRY_TEST_FERRYD");
        ProcessStartInfo start;
        if (!string.IsNullOrEmpty(binary))
        {
            start = new ProcessStartInfo(binary);
        }
        else
        {
            start = new ProcessStartInfo("dotnet");
            start.ArgumentList.Add(BuiltFerrydDll());
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // ferryd rejects unknown FERRY_* settings, and this variable is the test harness's, not the server's.
        start.Environment.Remove("FERRY_TEST_FERRYD");
        start.Environment["FERRY_LOGGING__FORMAT"] = "json";
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
