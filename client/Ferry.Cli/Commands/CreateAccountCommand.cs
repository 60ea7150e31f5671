using Ferry.Cli.Output;
using Ferry.Client;
using Ferry.Client.Admin;

namespace Ferry.Cli.Commands;

/// <summary>
/// `ferry admin create-account NAME --password P [--display-name D]`: a framed login (or resume) as the admin
/// for a session token, then the REST call on the HTTPS port with that token as Bearer.
/// </summary>
internal static class CreateAccountCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string name = context.Arguments.Positionals[0];
        string password = context.Arguments.Option("password") ?? throw context.Usage("admin create-account needs --password P (the new account's password)");
        string? displayName = context.Arguments.Option("display-name");

        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken).ConfigureAwait(false);
        CreatedAccount created = await client.CreateAccountAsync(name, password, displayName, cancellationToken).ConfigureAwait(false);
        context.Output.Result(
            created,
            CliJsonContext.Lines.CreatedAccount,
            $"Created account {created.Account} (id {created.Id}{(string.IsNullOrEmpty(created.DisplayName) ? string.Empty : $", display name {created.DisplayName}")})");
        return 0;
    }
}
