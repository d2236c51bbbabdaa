using Serilog;
using Serilog.Formatting.Compact;

namespace Procurement.Web.Platform;

/// <summary>Structured logs: readable on the console, compact JSON in daily files under <c>data/logs</c>.</summary>
public static class LoggingSetup
{
    public static void AddStructuredLogging(this WebApplicationBuilder builder, string dataDirectory)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Hangfire", Serilog.Events.LogEventLevel.Warning)
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(dataDirectory, "logs", "procurement-.json"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14));
    }
}
