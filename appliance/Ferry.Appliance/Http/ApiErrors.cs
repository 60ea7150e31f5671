using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ferry.Transport.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Http;

/// <summary>
/// REST side of the one error catalogue: a <see cref="FerryException"/> anywhere in a request becomes
/// <c>{"error":{"code","name","message"}}</c> with the code's HTTP status; anything else is logged and answered 500.
/// </summary>
internal static partial class ApiErrors
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (FerryException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ErrorCode.BadRequest, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            ILogger logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ferry.Appliance.Http");
            LogUnhandled(logger, ex, context.Request.Path);
            await WriteAsync(context, ErrorCode.Internal, "internal error").ConfigureAwait(false);
        }
    }

    public static Task WriteAsync(HttpContext context, ErrorCode code, string message)
    {
        context.Response.StatusCode = ErrorCodes.HttpStatus(code);
        return context.Response.WriteAsJsonAsync(new ErrorBody(new ErrorDetail((uint)code, ErrorCodes.Name(code), message)), ApiJson.Default.ErrorBody);
    }

    /// <summary>Reads a JSON body; a missing, oversized or malformed one is a clear 400, never a half-bound object.</summary>
    public static async Task<T> ReadBodyAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"request body over {MaxBodyBytes} bytes");
        }

        if (!context.Request.HasJsonContentType())
        {
            FerryException.Throw(ErrorCode.BadRequest, "request body must be JSON (Content-Type: application/json)");
        }

        try
        {
            T? body = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted).ConfigureAwait(false);
            return body ?? FerryException.Throw<T>(ErrorCode.BadRequest, "request body is empty");
        }
        catch (JsonException ex)
        {
            throw new FerryException(ErrorCode.BadRequest, $"request body is not valid JSON for this call: {ex.Message}", ex);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "unhandled error serving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception ex, string path);
}
