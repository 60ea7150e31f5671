using System.Text.Json.Serialization;
using Ferry.Client.Admin;
using Ferry.Client.Discovery;

namespace Ferry.Client.Storage;

/// <summary>Source-generated JSON for everything the SDK reads or writes: no reflection, so trimming and AOT are safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    WriteIndented = true)]
[JsonSerializable(typeof(SessionState))]
[JsonSerializable(typeof(DiscoveryDocument))]
[JsonSerializable(typeof(CreateAccountBody))]
[JsonSerializable(typeof(CreatedAccount))]
[JsonSerializable(typeof(RestErrorBody))]
internal sealed partial class ClientJsonContext : JsonSerializerContext
{
}
