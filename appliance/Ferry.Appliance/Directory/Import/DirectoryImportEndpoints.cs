using System.Text.Json.Serialization;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Http;
using Ferry.Transport.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Appliance.Directory.Import;

internal sealed record ImportErrorBody(int Row, string Column, string Message);

internal sealed record InitialPasswordBody(string Account, string Password);

/// <summary>
/// The answer of an import or restore. <see cref="Applied"/> false with <see cref="Errors"/>: nothing was written.
/// <see cref="InitialPasswords"/>: the generated passwords of new accounts, shown this once and never stored in clear.
/// </summary>
internal sealed record ImportReportBody(
    bool DryRun,
    bool Applied,
    int Rows,
    List<ImportErrorBody> Errors,
    List<string> DepartmentsCreated,
    List<string> AccountsCreated,
    List<string> AccountsUpdated,
    List<InitialPasswordBody> InitialPasswords)
{
    public static ImportReportBody From(ImportReport r) => new(
        r.DryRun, r.Applied, r.Rows,
        r.Errors.Select(e => new ImportErrorBody(e.Row, e.Column, e.Message)).ToList(),
        r.DepartmentsCreated.ToList(), r.AccountsCreated.ToList(), r.AccountsUpdated.ToList(),
        r.InitialPasswords.Select(p => new InitialPasswordBody(p.Account, p.Password)).ToList());
}

/// <summary>Source-generated JSON of the import API (its own context, so the shared one stays untouched).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImportReportBody))]
internal sealed partial class ImportJson : JsonSerializerContext;

/// <summary>
/// REST API of bulk operations (HTTPS, administrators only): import (dry run or real), export as CSV or XLSX,
/// backup and restore. Uploads are raw bodies (<c>text/csv</c>, the XLSX type, <c>application/zip</c> for a
/// backup) or multipart/form-data with one file; at most <see cref="MaxUploadBytes"/>.
/// </summary>
internal static class DirectoryImportEndpoints
{
    public const long MaxUploadBytes = 64L * 1024 * 1024;
    private const string Admin = "/api/v1/admin/directory";

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<DirectoryImporter>();
        services.AddSingleton<DirectoryExporter>();
        services.AddSingleton<DirectoryBackup>();
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Admin + "/import", ImportAsync);
        routes.MapGet(Admin + "/export", Export);
        routes.MapGet(Admin + "/backup", Backup);
        routes.MapPost(Admin + "/restore", RestoreAsync);
    }

    private static async Task<IResult> ImportAsync(HttpContext context, SessionService sessions, DirectoryImporter importer)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        bool dryRun = Flag(context, "dryRun", fallback: true);
        (byte[] bytes, string contentType, string? fileName) = await ReadUploadAsync(context).ConfigureAwait(false);
        bool xlsx = contentType.StartsWith(XlsxFormat.MediaType, StringComparison.OrdinalIgnoreCase)
            || (fileName?.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ?? false);
        bool csv = contentType.StartsWith(CsvFormat.MediaType, StringComparison.OrdinalIgnoreCase)
            || (fileName?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ?? false);
        if (!xlsx && !csv)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"send the file as {CsvFormat.MediaType} or {XlsxFormat.MediaType} (or multipart/form-data with a .csv or .xlsx file)");
        }

        SheetTable table;
        try
        {
            table = xlsx ? XlsxFormat.Read(new MemoryStream(bytes)) : CsvFormat.Read(new MemoryStream(bytes));
        }
        catch (SheetFormatException ex)
        {
            throw new FerryException(ErrorCode.BadRequest, ex.Message, ex);
        }

        ImportReport report = importer.Import(caller, table, dryRun);
        int status = report.Errors.Count > 0 && !dryRun ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        return Results.Json(ImportReportBody.From(report), ImportJson.Default.ImportReportBody, statusCode: status);
    }

    private static IResult Export(HttpContext context, SessionService sessions, DirectoryExporter exporter)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        string format = context.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "csv";
        if (format is not ("csv" or "xlsx"))
        {
            FerryException.Throw(ErrorCode.BadRequest, "format: must be csv or xlsx");
        }

        SheetTable table = exporter.Export(caller);
        var output = new MemoryStream();
        if (format == "csv")
        {
            CsvFormat.Write(output, table);
        }
        else
        {
            XlsxFormat.Write(output, table);
        }

        output.Position = 0;
        return Results.File(output, format == "csv" ? CsvFormat.MediaType + "; charset=utf-8" : XlsxFormat.MediaType, "directory." + format);
    }

    private static IResult Backup(HttpContext context, SessionService sessions, DirectoryBackup backup, TimeProvider clock)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        var output = new MemoryStream();
        backup.Write(caller, output, clock);
        output.Position = 0;
        string stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return Results.File(output, DirectoryBackup.MediaType, $"ferry-directory-{stamp}.zip");
    }

    private static async Task<IResult> RestoreAsync(HttpContext context, SessionService sessions, DirectoryBackup backup)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        bool force = Flag(context, "force", fallback: false);
        (byte[] bytes, _, _) = await ReadUploadAsync(context).ConfigureAwait(false);
        ImportReport report = backup.Restore(caller, new MemoryStream(bytes), force);
        int status = report.Applied ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return Results.Json(ImportReportBody.From(report), ImportJson.Default.ImportReportBody, statusCode: status);
    }

    /// <summary>The uploaded file: a raw body, or the one file of a multipart form. Larger than the limit is a 413-style 400.</summary>
    private static async Task<(byte[] Bytes, string ContentType, string? FileName)> ReadUploadAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes;
        }

        if (context.Request.ContentLength > MaxUploadBytes)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"the file is larger than {MaxUploadBytes / (1024 * 1024)} MiB");
        }

        if (context.Request.HasFormContentType)
        {
            IFormCollection form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxUploadBytes }, context.RequestAborted).ConfigureAwait(false);
            if (form.Files.Count != 1)
            {
                FerryException.Throw(ErrorCode.BadRequest, $"send exactly one file in the form ({form.Files.Count} sent)");
            }

            IFormFile file = form.Files[0];
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, context.RequestAborted).ConfigureAwait(false);
            return (copy.ToArray(), file.ContentType ?? string.Empty, file.FileName);
        }

        using var body = new MemoryStream();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > MaxUploadBytes)
            {
                FerryException.Throw(ErrorCode.BadRequest, $"the file is larger than {MaxUploadBytes / (1024 * 1024)} MiB");
            }
        }

        if (body.Length == 0)
        {
            FerryException.Throw(ErrorCode.BadRequest, "the request body is empty: send the file");
        }

        return (body.ToArray(), context.Request.ContentType ?? string.Empty, null);
    }

    private static bool Flag(HttpContext context, string name, bool fallback) => context.Request.Query[name].ToString() switch
    {
        "" => fallback,
        "true" or "1" => true,
        "false" or "0" => false,
        _ => FerryException.Throw<bool>(ErrorCode.BadRequest, $"{name}: must be true or false"),
    };
}
