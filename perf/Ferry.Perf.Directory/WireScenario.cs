using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Appliance.Directory.Pinyin;
using Ferry.Testing;

namespace Ferry.Perf.Directory;

/// <summary>
/// Issue 3 §9 against a real ferryd: a directory of N accounts in D departments is imported over HTTPS, then a client
/// times its full initial directory sync, an incremental sync after 100 administrator changes and name searches over
/// the framed protocol, and a headless Chromium times the admin page's department tree.
/// </summary>
internal static partial class WireScenario
{
    public const string Password = "perf-password-1";

    public static async Task<int> RunAsync(string[] args)
    {
        int accounts = 100_000, departments = 2_000, queriesPerKind = 500, seed = 42, pageRuns = 5;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--accounts": accounts = value; break;
                case "--departments": departments = value; break;
                case "--queries": queriesPerKind = value; break;
                case "--seed": seed = value; break;
                case "--page-runs": pageRuns = value; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        // Account creation hashes every password: 1,000 PBKDF2 iterations is a load-test-only setting (docs/performance.md).
        await using FerrydProcess server = await FerrydProcess.StartNewAsync(new Dictionary<string, string> { ["FERRY_SESSIONS__PASSWORDITERATIONS"] = "1000" });
        using var admin = new AdminApi(server);
        await admin.LoginAsAdminAsync();
        Console.WriteLine($"ferryd pid {server.ProcessId} ({Environment.GetEnvironmentVariable("FERRY_TEST_FERRYD") ?? "ferryd.dll under dotnet"}), data {server.DataDirectory}");

        List<Person> people = Names.Generate(accounts, seed, PinyinTable.Shared);
        var tree = new DepartmentPlan(departments);
        await ImportAsync(admin, people, tree);

        await ClientDirectoryAsync(server, admin, people, queriesPerKind, seed);
        await AdminTreePage.MeasureAsync(server, tree, accounts, pageRuns);
        return 0;
    }

    private static async Task ImportAsync(AdminApi admin, List<Person> people, DepartmentPlan tree)
    {
        var csv = new StringBuilder("account,displayName,departments,title,mobile,email,password\n");
        for (int i = 0; i < people.Count; i++)
        {
            Person p = people[i];
            csv.Append(CultureInfo.InvariantCulture, $"{p.Account},{p.Display},{tree.LeafPath(i)},工程师,+86 138{i:D8},{p.Account}@example.com,{Password}\n");
        }

        byte[] body = Encoding.UTF8.GetBytes(csv.ToString());
        var clock = Stopwatch.StartNew();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using HttpResponseMessage response = await admin.Http.PostAsync("/api/v1/admin/directory/import?dryRun=false", content);
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || JsonNode.Parse(text)?["applied"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"import failed: {(int)response.StatusCode} {text[..Math.Min(text.Length, 2000)]}");
        }

        Console.WriteLine($"RESULT import: {people.Count} accounts, {tree.Count} departments, CSV {body.Length / 1024} KiB, {clock.Elapsed.TotalSeconds:F1} s over HTTPS (PBKDF2 at 1,000 iterations)");
    }
}

/// <summary>
/// A tree of exactly <c>Count</c> departments, 4 levels: one root (总部), 9 divisions, 90 departments, and the rest as
/// teams under the departments; accounts go round-robin into the teams.
/// </summary>
internal sealed class DepartmentPlan
{
    public const string Root = "总部";

    private readonly int _teams;

    public DepartmentPlan(int count)
    {
        if (count < 101)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "at least 101 departments (root, 9 divisions, 90 departments, 1 team)");
        }

        Count = count;
        _teams = count - 100;
    }

    public int Count { get; }

    public static string Division(int division) => string.Create(CultureInfo.InvariantCulture, $"事业部{division}");

    public static string Department(int department) => string.Create(CultureInfo.InvariantCulture, $"部门{department}");

    /// <summary>The team path of account number <paramref name="index"/>.</summary>
    public string LeafPath(int index)
    {
        int team = index % _teams;
        int department = team % 90;
        return string.Create(CultureInfo.InvariantCulture, $"{Root}/{Division(department / 10)}/{Department(department)}/小组{team}");
    }

    /// <summary>How many accounts the first team of department 0 holds (the page timing opens it).</summary>
    public int MembersOfFirstTeam(int accounts) => (accounts + _teams - 1) / _teams;
}
