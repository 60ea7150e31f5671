using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Client.Admin;

namespace Ferry.Cli.Output;

/// <summary>One message as `listen` and `history` print it with --json.</summary>
internal sealed record MessageLine(ulong Id, ulong Seq, string From, string To, string Time, string Text);

/// <summary>`send --json`: the stored message's id and seq.</summary>
internal sealed record SendLine(ulong Id, ulong Seq);

/// <summary>`login --json`.</summary>
internal sealed record LoginLine(string Account, ulong AccountId);

/// <summary>An error on stderr with --json, in the REST API's envelope.</summary>
internal sealed record ErrorLine(ErrorDetail Error);

internal sealed record ErrorDetail(uint Code, string Name, string Message);

/// <summary>`dir sync --json`.</summary>
internal sealed record DirSyncLine(ulong Version, int Departments, int Accounts, int Pages);

/// <summary>One account as `dir search`, `dir profile`, `dir recent` and `dir me` print it with --json.</summary>
internal sealed record DirAccountLine(ulong Id, string Account, string DisplayName, string Department, string Title, string Signature);

/// <summary>One contact group as `dir groups` prints it with --json.</summary>
internal sealed record DirGroupLine(ulong Id, string Name, List<string> Members);

/// <summary>Source-generated, so --json works in the native AOT binary.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MessageLine))]
[JsonSerializable(typeof(SendLine))]
[JsonSerializable(typeof(LoginLine))]
[JsonSerializable(typeof(ErrorLine))]
[JsonSerializable(typeof(CreatedAccount))]
[JsonSerializable(typeof(DirSyncLine))]
[JsonSerializable(typeof(DirAccountLine))]
[JsonSerializable(typeof(DirGroupLine))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>Text as it is (no \u escapes for non-ASCII): output is for people and `jq`, not for HTML.</summary>
    public static CliJsonContext Lines { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
