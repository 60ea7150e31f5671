using Ferry.Cli.CommandLine;

namespace Ferry.Client.Tests;

public sealed class ArgumentParserTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Global_options_before_and_after_the_command()
    {
        ParsedArguments parsed = ArgumentParser.Parse(["--server", "h:1", "send", "bob", "--user=alice", "hello", "world", "--json"], NoEnvironment);

        Assert.Same(CommandSpec.Send, parsed.Command);
        Assert.Equal(["bob", "hello", "world"], parsed.Positionals);
        Assert.Equal("h:1", parsed.Global.Server);
        Assert.Equal("alice", parsed.Global.User);
        Assert.True(parsed.Global.Json);
        Assert.False(parsed.Help);
    }

    [Fact]
    public void Options_override_environment_variables()
    {
        var environment = new Dictionary<string, string>
        {
            ["FERRY_SERVER"] = "env-host",
            ["FERRY_USER"] = "env-user",
            ["FERRY_PASSWORD"] = "env-pw",
            ["FERRY_FINGERPRINT"] = "env-fp",
        };

        ParsedArguments parsed = ArgumentParser.Parse(["--user", "cli-user", "listen"], v => environment.GetValueOrDefault(v));

        Assert.Equal("env-host", parsed.Global.Server);
        Assert.Equal("cli-user", parsed.Global.User);
        Assert.Equal("env-pw", parsed.Global.Password);
        Assert.Equal("env-fp", parsed.Global.Fingerprint);
    }

    [Fact]
    public void History_options()
    {
        ParsedArguments parsed = ArgumentParser.Parse(["history", "bob", "--limit", "5", "--after=17"], NoEnvironment);

        Assert.Same(CommandSpec.History, parsed.Command);
        Assert.Equal("5", parsed.Option("limit"));
        Assert.Equal("17", parsed.Option("after"));
    }

    [Fact]
    public void Password_after_create_account_belongs_to_the_new_account()
    {
        ParsedArguments parsed = ArgumentParser.Parse(
            ["--password", "admin-pw", "--user", "admin", "admin", "create-account", "carol", "--password", "carol-pw", "--display-name", "Carol C"],
            NoEnvironment);

        Assert.Same(CommandSpec.CreateAccount, parsed.Command);
        Assert.Equal(["carol"], parsed.Positionals);
        Assert.Equal("admin-pw", parsed.Global.Password);
        Assert.Equal("carol-pw", parsed.Option("password"));
        Assert.Equal("Carol C", parsed.Option("display-name"));
    }

    [Fact]
    public void Double_dash_ends_options()
    {
        ParsedArguments parsed = ArgumentParser.Parse(["send", "bob", "--", "--not-an-option", "-x"], NoEnvironment);

        Assert.Equal(["bob", "--not-an-option", "-x"], parsed.Positionals);
    }

    [Theory]
    [InlineData(new[] { "--help" }, null)]
    [InlineData(new[] { "-h" }, null)]
    [InlineData(new[] { "help" }, null)]
    [InlineData(new[] { "send", "--help" }, "send")]
    [InlineData(new[] { "help", "history" }, "history")]
    [InlineData(new[] { "admin", "--help" }, "admin create-account")]
    [InlineData(new[] { "admin", "create-account", "-h" }, "admin create-account")]
    public void Help_needs_no_other_arguments(string[] args, string? command)
    {
        ParsedArguments parsed = ArgumentParser.Parse(args, NoEnvironment);

        Assert.True(parsed.Help);
        Assert.Equal(command, parsed.Command?.Name);
    }

    [Theory]
    [InlineData(new string[0], "no command")]
    [InlineData(new[] { "frobnicate" }, "unknown command")]
    [InlineData(new[] { "send", "bob" }, "send needs USER TEXT")]
    [InlineData(new[] { "history" }, "history needs USER")]
    [InlineData(new[] { "history", "bob", "carol" }, "unexpected argument 'carol'")]
    [InlineData(new[] { "listen", "--bogus" }, "unknown option --bogus")]
    [InlineData(new[] { "listen", "-x" }, "unknown option -x")]
    [InlineData(new[] { "listen", "--server" }, "--server needs a value")]
    [InlineData(new[] { "send", "--limit", "3", "bob", "hi" }, "unknown option --limit")]
    [InlineData(new[] { "admin" }, "admin needs a command")]
    [InlineData(new[] { "admin", "delete-everything" }, "unknown admin command")]
    [InlineData(new[] { "--json=yes", "listen" }, "unknown option --json")]
    public void Usage_errors_say_what_is_wrong(string[] args, string message)
    {
        UsageException error = Assert.Throws<UsageException>(() => ArgumentParser.Parse(args, NoEnvironment));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_commands_are_two_words_with_their_own_options()
    {
        ParsedArguments search = ArgumentParser.Parse(["dir", "search", "张三", "--limit", "5", "--json"], NoEnvironment);
        Assert.Same(CommandSpec.DirSearch, search.Command);
        Assert.Equal(["张三"], search.Positionals);
        Assert.Equal("5", search.Option("limit"));
        Assert.True(search.Global.Json);

        ParsedArguments groups = ArgumentParser.Parse(["dir", "groups", "members", "7", "alice", "bob"], NoEnvironment);
        Assert.Same(CommandSpec.DirGroups, groups.Command);
        Assert.Equal(["members", "7", "alice", "bob"], groups.Positionals);

        Assert.Same(CommandSpec.DirMe, ArgumentParser.Parse(["dir", "me", "--signature", "out"], NoEnvironment).Command);
        Assert.Contains("unknown dir command 'tree'", Assert.Throws<UsageException>(() => ArgumentParser.Parse(["dir", "tree"], NoEnvironment)).Message, StringComparison.Ordinal);
        Assert.Contains("dir search needs QUERY", Assert.Throws<UsageException>(() => ArgumentParser.Parse(["dir", "search"], NoEnvironment)).Message, StringComparison.Ordinal);
    }
}
