using System.Globalization;
using Ferry.Transport.Errors;
using Microsoft.AspNetCore.Http;

namespace Ferry.Appliance.Http;

/// <summary>Query-string values of the REST API, validated with one error wording everywhere.</summary>
internal static class ApiQuery
{
    /// <summary>A whole number from 0 to <paramref name="max"/>; <paramref name="fallback"/> when absent; 400 otherwise.</summary>
    public static long Number(HttpContext context, string name, long fallback, long max)
    {
        string? raw = context.Request.Query[name];
        if (raw is null)
        {
            return fallback;
        }

        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= max
            ? value
            : FerryException.Throw<long>(ErrorCode.BadRequest, $"{name}: must be a whole number from 0 to {max}");
    }

    /// <summary>A whole number from 0 to <see cref="ulong.MaxValue"/> (fingerprints); <paramref name="fallback"/> when absent; 400 otherwise.</summary>
    public static ulong Unsigned(HttpContext context, string name, ulong fallback)
    {
        string? raw = context.Request.Query[name];
        if (raw is null)
        {
            return fallback;
        }

        return ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : FerryException.Throw<ulong>(ErrorCode.BadRequest, $"{name}: must be a whole number from 0 to {ulong.MaxValue}");
    }
}
