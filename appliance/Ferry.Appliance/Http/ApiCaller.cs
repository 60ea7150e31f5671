using Ferry.Appliance.Accounts;
using Ferry.Transport.Errors;
using Microsoft.AspNetCore.Http;

namespace Ferry.Appliance.Http;

/// <summary>Who is calling the REST API: the session behind the <c>Authorization: Bearer</c> token.</summary>
internal static class ApiCaller
{
    public static Caller Require(HttpContext context, SessionService sessions)
    {
        string? header = context.Request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            FerryException.Throw(ErrorCode.Unauthenticated, "send Authorization: Bearer <session token>");
        }

        (Session session, Account account) = sessions.Authenticate(header[scheme.Length..].Trim());
        return new Caller(account.Id, account.Name, session.DeviceId, 0, account.IsAdmin);
    }

    public static Caller RequireAdmin(HttpContext context, SessionService sessions)
    {
        Caller caller = Require(context, sessions);

        // Department administrators (a grant, no is_admin flag) get in too; AdminAccess.Authorize decides each call.
        if (!caller.IsAdmin && context.RequestServices.GetService<Directory.Administration.AdminAccess>()?.IsAdministrator(caller) != true)
        {
            FerryException.Throw(ErrorCode.Forbidden, "administrators only");
        }

        return caller;
    }
}
