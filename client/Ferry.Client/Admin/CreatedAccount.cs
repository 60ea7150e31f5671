namespace Ferry.Client.Admin;

/// <summary>The account the REST API created (<c>201</c> body of <c>POST /api/v1/admin/accounts</c>).</summary>
public sealed record CreatedAccount(ulong Id, string Account, string? DisplayName);

/// <summary>Request body of <c>POST /api/v1/admin/accounts</c>.</summary>
internal sealed record CreateAccountBody(string Account, string Password, string? DisplayName);

/// <summary>The REST API's error envelope: <c>{"error":{"code":202,"name":"conflict","message":"…"}}</c>.</summary>
internal sealed record RestErrorBody(RestError? Error);

internal sealed record RestError(uint Code, string? Name, string? Message);
