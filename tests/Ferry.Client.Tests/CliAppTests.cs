using Ferry.Testing;
using Ferry.Cli;

namespace Ferry.Client.Tests;

/// <summary>The CLI's contract for scripts: exit codes and where usage errors go, without any server.</summary>
public sealed class CliAppTests
{
    [Fact]
    public async Task Help_prints_to_stdout_and_exits_zero()
    {
        (int code, string stdout, string stderr) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("admin create-account", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Usage_error_exits_two_with_a_message_on_stderr()
    {
        (int code, string stdout, string stderr) = await RunAsync("send", "bob");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.StartsWith("ferry: send needs USER TEXT", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_error_with_json_adds_the_error_envelope()
    {
        (int code, _, string stderr) = await RunAsync("--json", "listen", "--nope");

        Assert.Equal(2, code);
        Assert.Contains("{\"error\":{\"code\":0,\"name\":\"usage\",\"message\":\"unknown option --nope", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_server_is_a_usage_error()
    {
        (int code, _, string stderr) = await RunAsync("--user", "alice", "listen");

        Assert.Equal(2, code);
        Assert.Contains("FERRY_SERVER", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_fingerprint_is_a_usage_error()
    {
        (int code, _, string stderr) = await RunAsync("--server", "localhost", "--user", "a", "--fingerprint", "abc", "history", "bob");

        Assert.Equal(2, code);
        Assert.Contains("--fingerprint", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_without_password_is_a_usage_error()
    {
        (int code, _, string stderr) = await RunAsync("--server", "localhost", "--user", "a", "login");

        Assert.Equal(2, code);
        Assert.Contains("FERRY_PASSWORD", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_exits_one_with_a_network_error()
    {
        using var dir = new TempDirectory();
        (int code, _, string stderr) = await RunAsync(
            v => v == "FERRY_CONFIG_DIR" ? dir.Path : null, "--json", "--server", "127.0.0.1:1", "--user", "a", "--password", "p", "login");

        Assert.Equal(1, code);
        Assert.Contains("\"name\":\"network\"", stderr, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(_ => null, args);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(Func<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await new CliApp(stdout, stderr, environment).RunAsync(args, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
