using System.Net;
using System.Security.Authentication;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Connections;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Discovery;
using Ferry.Appliance.Http;
using Ferry.Appliance.Identity;
using Ferry.Appliance.Messaging;
using Ferry.Appliance.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using KestrelListenOptions = Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions;

namespace Ferry.Appliance.Hosting;

/// <summary>The composition root: one Kestrel host serving discovery (HTTP), the framed protocol (TLS) and HTTPS.</summary>
internal static partial class ApplianceHost
{
    public static WebApplication Build(FerryOptions options)
    {
        // Configuration comes from FerryOptions alone. Without this switch the host would watch the content root
        // (the data directory) for appsettings changes, and every SQLite WAL write would wake that watcher:
        // measured at ~40% of ferryd's CPU under message load.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = options.DataDirectory,
        });
        ConfigureLogging(builder.Logging, options.Logging);
        builder.Host.ConfigureHostOptions(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));
        AddServices(builder.Services, options);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default));

        builder.WebHost.UseKestrel();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            TlsIdentity tls = kestrel.ApplicationServices.GetRequiredService<TlsIdentity>();
            BoundEndpoints bound = kestrel.ApplicationServices.GetRequiredService<BoundEndpoints>();
            IPAddress address = ParseAddress(options.Listen.Address);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ApiErrors.MaxBodyBytes;

            KestrelListenOptions? discovery = null, framed = null, https = null;
            kestrel.Listen(address, options.Listen.DiscoveryPort, listen => discovery = listen);
            kestrel.Listen(address, options.Listen.HttpsPort, listen =>
            {
                https = listen;
                listen.UseHttps(TlsOptions(tls));
            });
            kestrel.Listen(address, options.Listen.FramedPort, listen =>
            {
                framed = listen;
                listen.UseHttps(TlsOptions(tls));
                listen.UseConnectionHandler<FramedConnectionHandler>();
            });
            bound.Capture(discovery!, framed!, https!);
        });

        WebApplication app = builder.Build();
        app.Use(ApiErrors.HandleAsync);
        app.Use(RefuseApiOverPlainHttp);
        MapEndpoints(app);
        WireLifetime(app, options);
        return app;
    }

    private static void AddServices(IServiceCollection services, FerryOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new IdGenerator(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TlsIdentity>();
        services.AddSingleton<BoundEndpoints>();
        services.AddSingleton<ReadinessGate>();
        services.AddSingleton(new SqliteDatabase(options.DatabasePath));

        services.AddSingleton<IAccountStore, SqliteAccountStore>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SessionFrames>();

        services.AddSingleton<IDirectoryStore, SqliteDirectoryStore>();
        services.AddSingleton<DirectoryService>();
        services.AddSingleton<Directory.Visibility.IVisibilityStore, Directory.Visibility.SqliteVisibilityStore>();
        services.AddSingleton<Directory.Visibility.IDirectoryVisibility, Directory.Visibility.DirectoryVisibility>();
        services.AddSingleton<Directory.Visibility.VisibilityService>();
        services.AddSingleton<Directory.Search.DirectorySearch>();
        services.AddHostedService(provider => provider.GetRequiredService<Directory.Search.DirectorySearch>());
        services.AddSingleton<Directory.ClientApi.ClientDirectoryService>();
        services.AddSingleton<Directory.ClientApi.DirectoryFrames>();
        services.AddSingleton<Directory.Personal.IPersonalStore, Directory.Personal.SqlitePersonalStore>();
        services.AddSingleton<Directory.Personal.PersonalService>();
        services.AddSingleton<Directory.Personal.PersonalFrames>();
        Directory.Import.DirectoryImportEndpoints.AddServices(services);
        services.AddSingleton<Directory.Administration.IAdminStore, Directory.Administration.SqliteAdminStore>();
        services.AddSingleton<Directory.Administration.AdminAccess>();
        services.AddSingleton<Directory.Search.AdminAccountSearch>();
        services.AddSingleton<Directory.Administration.AdministratorService>();
        services.AddSingleton<Directory.Ldap.LdapSettingsStore>();
        services.AddSingleton<Directory.Ldap.LdapDirectoryStore>();
        services.AddSingleton<Directory.Ldap.LdapSyncService>();
        services.AddSingleton<IExternalAuthenticator, Directory.Ldap.LdapLoginAuthenticator>();
        services.AddHostedService<Directory.Ldap.LdapSyncScheduler>();

        services.AddSingleton<Enterprise.IEnterpriseStore, Enterprise.SqliteEnterpriseStore>();
        services.AddSingleton<Enterprise.EnterpriseService>();

        services.AddSingleton<IMessagingStore, SqliteMessagingStore>();
        services.AddSingleton(provider => new WriterContext.Dependencies(provider.GetRequiredService<IdGenerator>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Func<IMessagingWriteStore>>(provider => () => new SqliteMessagingWriteStore(provider.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<MessageWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<MessageWriter>());
        services.AddSingleton<MessageRenderer>();
        services.AddSingleton<MessagingService>();
        services.AddSingleton<MessagingFrames>();

        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<IDevicePresence>(provider => provider.GetRequiredService<ConnectionRegistry>());
        services.AddSingleton<IOnlineDevices>(provider => provider.GetRequiredService<ConnectionRegistry>());
        services.AddSingleton<Directory.ClientApi.IDirectoryNotices>(provider => provider.GetRequiredService<ConnectionRegistry>());
        services.AddHostedService(provider => provider.GetRequiredService<ConnectionRegistry>());
        services.AddHostedService<Directory.ClientApi.DirectoryChangeBroadcaster>();
        services.AddSingleton<OnlineAccounts>();
        services.AddSingleton<RequestRunner>();
        services.AddSingleton<FrameDispatcher>();
        services.AddSingleton<FramedConnectionHandler>();
    }

    private static void MapEndpoints(WebApplication app)
    {
        var ready = app.Services.GetRequiredService<ReadinessGate>();
        app.MapGet("/healthz", () => ready.IsReady ? Results.Text("ok") : Results.Text("starting", statusCode: StatusCodes.Status503ServiceUnavailable));
        DiscoveryEndpoints.Map(app);
        AccountEndpoints.Map(app);
        DirectoryEndpoints.Map(app);
        Directory.Import.DirectoryImportEndpoints.Map(app);
        Directory.Administration.AdministratorEndpoints.Map(app);
        Directory.Ldap.LdapEndpoints.Map(app);
        Directory.Visibility.VisibilityEndpoints.Map(app);
        Directory.Search.AdminSearchEndpoints.Map(app);
        Enterprise.EnterpriseEndpoints.Map(app);
        OnlineEndpoints.Map(app);
        AdminWeb.AdminWebEndpoints.Map(app);
    }

    private static void WireLifetime(WebApplication app, FerryOptions options)
    {
        var ready = app.Services.GetRequiredService<ReadinessGate>();
        var bound = app.Services.GetRequiredService<BoundEndpoints>();
        var tls = app.Services.GetRequiredService<TlsIdentity>();
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ferry.Appliance");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            ready.MarkReady();
            LogReady(logger, bound.DiscoveryPort, bound.FramedPort, bound.HttpsPort, tls.Fingerprint, options.DataDirectory);
        });
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            ready.MarkStopping();
            app.Services.GetRequiredService<ConnectionRegistry>().CloseAll();
            LogStopping(logger);
        });
    }

    /// <summary>The REST API carries credentials: on the plain discovery port only discovery and health answer.</summary>
    private static Task RefuseApiOverPlainHttp(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.IsHttps && context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/api/v1/discovery"))
        {
            return ApiErrors.WriteAsync(context, Transport.Errors.ErrorCode.Forbidden, "the API is served over HTTPS only; use the https port from /api/v1/discovery");
        }

        return next(context);
    }

    private static HttpsConnectionAdapterOptions TlsOptions(TlsIdentity tls) => new()
    {
        ServerCertificate = tls.Certificate,
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    private static IPAddress ParseAddress(string address) => address switch
    {
        "*" or "0.0.0.0" => IPAddress.Any,
        "::" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(address, out IPAddress? parsed)
            ? parsed
            : throw new InvalidConfigurationException([$"Listen:Address '{address}' is not an IP address"]),
    };

    private static void ConfigureLogging(ILoggingBuilder logging, LoggingOptions options)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Enum.Parse<LogLevel>(options.Level));
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        if (options.Format == "json")
        {
            logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(text =>
            {
                text.SingleLine = true;
                text.UseUtcTimestamp = true;
                text.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "ferryd ready: discovery={DiscoveryPort} framed={FramedPort} https={HttpsPort} fingerprint={Fingerprint} data={DataDirectory}")]
    private static partial void LogReady(ILogger logger, int discoveryPort, int framedPort, int httpsPort, string fingerprint, string dataDirectory);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "ferryd stopping: closing connections, committing queued messages")]
    private static partial void LogStopping(ILogger logger);
}
