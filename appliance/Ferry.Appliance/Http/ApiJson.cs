using System.Text.Json.Serialization;

namespace Ferry.Appliance.Http;

/// <summary>JSON bodies of the REST API. Source-generated: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Discovery.DiscoveryDocument))]
[JsonSerializable(typeof(Accounts.CreateAccountBody))]
[JsonSerializable(typeof(Accounts.AccountBody))]
[JsonSerializable(typeof(Accounts.AccountListBody))]
[JsonSerializable(typeof(Accounts.LoginBody))]
[JsonSerializable(typeof(Accounts.SessionBody))]
internal sealed partial class ApiJson : JsonSerializerContext;

internal sealed record ErrorBody(ErrorDetail Error);

internal sealed record ErrorDetail(uint Code, string Name, string Message);
