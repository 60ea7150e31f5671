using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Ldap.Tests;

/// <summary>
/// A private OpenLDAP server for the test run: Debian's <c>slapd</c> (installed with apt-get if missing), its own
/// slapd.conf in a temp directory (mdb backend, suffix dc=ferry,dc=test), the test LDIF loaded offline with slapadd,
/// then slapd in the foreground on a free loopback port. The sync account is limited like Active Directory: at most
/// 1,000 entries per search, any number through paging. Stopped (its process tree killed) and removed at the end.
/// </summary>
public sealed class SlapdFixture : IAsyncLifetime
{
    public const string Suffix = "dc=ferry,dc=test";
    public const string RootDn = "cn=admin," + Suffix;
    public const string RootPassword = "root-secret";
    public const string SyncDn = "cn=sync," + Suffix;
    public const string SyncPassword = "sync-secret";
    public const string UserPassword = "user-secret";
    public const int BulkUsers = 2500;
    public const int ServerSizeLimit = 1000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ferry-slapd-" + Guid.NewGuid().ToString("N"));
    private Process? _slapd;

    public int Port { get; private set; }

    internal LdapSettings Settings(int pageSize = 500) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Security = LdapSecurity.Plain,
        BindDn = SyncDn,
        BindPassword = SyncPassword,
        BaseDn = Suffix,
        PageSize = pageSize,
        Attributes = new LdapAttributeMap { Extra = new Dictionary<string, string> { ["departmentNumber"] = "cost_centre" } },
    };

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        System.IO.Directory.CreateDirectory(Path.Combine(_directory, "data"));
        string conf = Path.Combine(_directory, "slapd.conf");
        await File.WriteAllTextAsync(conf, SlapdConf());
        string ldif = Path.Combine(_directory, "test.ldif");
        await File.WriteAllTextAsync(ldif, TestData.Ldif(), new UTF8Encoding(false));
        await RunAsync("/usr/sbin/slapadd", ["-q", "-f", conf, "-l", ldif]);

        Port = FreePort();
        var start = new ProcessStartInfo("/usr/sbin/slapd")
        {
            // -d 0: stay in the foreground (the process we hold is slapd itself), no debug output.
            ArgumentList = { "-d", "0", "-h", $"ldap://127.0.0.1:{Port}/", "-f", conf },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _slapd = Process.Start(start) ?? throw new InvalidOperationException("slapd did not start");
        var stderr = new StringBuilder();
        _slapd.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        _slapd.OutputDataReceived += (_, _) => { };
        _slapd.BeginErrorReadLine();
        _slapd.BeginOutputReadLine();

        // Ready when a bind works; bounded, no fixed sleep.
        Exception? last = null;
        for (int attempt = 0; attempt < 150; attempt++)
        {
            if (_slapd.HasExited)
            {
                throw new InvalidOperationException($"slapd exited with {_slapd.ExitCode}: {stderr}");
            }

            try
            {
                using LdapConnection connection = Connect(RootDn, RootPassword);
                return;
            }
            catch (LdapException e)
            {
                last = e;
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"slapd not ready on port {Port} after 15 s: {last?.Message} {stderr}");
    }

    /// <summary>A bound connection, for tests that talk to the server directly.</summary>
    public LdapConnection Connect(string dn, string password)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", Port)) { AuthType = AuthType.Basic, Timeout = TimeSpan.FromSeconds(10) };
        connection.SessionOptions.ProtocolVersion = 3;
        try
        {
            connection.Bind(new NetworkCredential(dn, password));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        if (_slapd is { HasExited: false })
        {
            _slapd.Kill(entireProcessTree: true);
            _slapd.WaitForExit(10_000);
        }

        _slapd?.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return Task.CompletedTask;
    }

    private string SlapdConf() => $"""
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/nis.schema
        include /etc/ldap/schema/inetorgperson.schema
        pidfile {_directory}/slapd.pid
        argsfile {_directory}/slapd.args
        modulepath /usr/lib/ldap
        moduleload back_mdb
        database mdb
        maxsize 268435456
        suffix "{Suffix}"
        rootdn "{RootDn}"
        rootpw {RootPassword}
        directory {_directory}/data
        index objectClass eq
        index uid eq
        # Like Active Directory's MaxPageSize: 1,000 entries per search or page; paging reads everything.
        limits * size.soft={ServerSizeLimit} size.hard={ServerSizeLimit} size.pr={ServerSizeLimit} size.prtotal=unlimited
        access to attrs=userPassword by self write by anonymous auth by * none
        access to * by * read

        """;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists("/usr/sbin/slapd") && File.Exists("/usr/sbin/slapadd"))
        {
            return;
        }

        // Debian's packages; the system service is never started (policy-rc.d or not, we only run our own slapd).
        await RunAsync("apt-get", ["update", "-qq"]);
        await RunAsync("apt-get", ["install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=300", "slapd", "ldap-utils"]);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error} {await output}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SlapdCollection : ICollectionFixture<SlapdFixture>
{
    public const string Name = "slapd";
}
