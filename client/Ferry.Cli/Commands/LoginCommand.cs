using Ferry.Cli.Output;
using Ferry.Client;

namespace Ferry.Cli.Commands;

/// <summary>`ferry login`: a password login whose session later commands resume.</summary>
internal static class LoginCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Password is null)
        {
            throw context.Usage("login needs --password or FERRY_PASSWORD");
        }

        await using FerryClient client = await context.ConnectAsync(receiveMessages: false, cancellationToken, forcePasswordLogin: true).ConfigureAwait(false);
        context.Output.Result(
            new LoginLine(client.Account, client.AccountId),
            CliJsonContext.Lines.LoginLine,
            $"Logged in as {client.Account} (account id {client.AccountId}{(client.IsAdmin ? ", administrator" : string.Empty)}); session stored.");
        return 0;
    }
}
