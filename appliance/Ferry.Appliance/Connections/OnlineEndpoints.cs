using Ferry.Appliance.Accounts;
using Ferry.Appliance.Http;
using Ferry.Transport.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Appliance.Connections;

internal sealed record OnlineDeviceBody(
    long AccountId, string Account, string DisplayName, string DeviceId, string DeviceType, string ClientName, string RemoteAddress, long ConnectedAtMs, long LoggedInAtMs);

internal sealed record OnlineListBody(int Total, IReadOnlyList<OnlineDeviceBody> Devices);

/// <summary>REST API of online devices (HTTPS port only): <c>/api/v1/admin/online</c> and its disconnect.</summary>
internal static class OnlineEndpoints
{
    private const string Path = "/api/v1/admin/online";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, List);
        routes.MapPost(Path + "/{accountId:long}/disconnect", Disconnect);
    }

    private static IResult List(HttpContext context, SessionService sessions, OnlineAccounts online)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        int offset = (int)ApiQuery.Number(context, "offset", 0, int.MaxValue);
        int limit = (int)ApiQuery.Number(context, "limit", OnlineAccounts.DefaultPage, OnlineAccounts.MaxPage);
        if (limit < 1)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"limit: must be a whole number from 1 to {OnlineAccounts.MaxPage}");
        }

        string? q = context.Request.Query["q"];
        OnlinePage page = online.List(caller, offset, limit, q);
        var devices = page.Devices.Select(d => new OnlineDeviceBody(
            d.Device.AccountId, d.Device.AccountName, d.DisplayName, d.Device.DeviceId, OnlineAccounts.DeviceTypeName(d.Device.DeviceType),
            OnlineAccounts.CleanClientName(d.Device.ClientName), d.Device.RemoteAddress, d.Device.ConnectedAtMs, d.Device.LoggedInAtMs)).ToList();
        return Results.Json(new OnlineListBody(page.Total, devices), ApiJson.Default.OnlineListBody);
    }

    private static IResult Disconnect(HttpContext context, long accountId, SessionService sessions, OnlineAccounts online)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        online.Disconnect(caller, accountId);
        return Results.NoContent();
    }
}
