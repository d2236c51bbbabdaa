using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Procurement.Infrastructure;

namespace Procurement.IntegrationTests.Platform;

/// <summary>A bad setting stops start-up before the app listens, and says which key and why.</summary>
public sealed class SettingsTests
{
    private sealed class MisconfiguredApp(string key, string value) : ProcurementApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(key, value);
        }
    }

    [Theory]
    [InlineData("Settlement:ServiceFeeRate", "1.5")]
    [InlineData("Ordering:ReservationHours", "0")]
    [InlineData("Ordering:ReservationHours", "two days")]
    [InlineData("Ordering:WarnHoursBefore", "72")]
    [InlineData("Fulfilment:CompleteAfterDays", "-1")]
    [InlineData("Stripe:ApiBase", "not a url")]
    [InlineData("Partners:JSGH:BaseUrl", "ftp://jsgh.example.cn")]
    [InlineData("Partners:Pull:MaxRetries", "50")]
    [InlineData("RateLimits:SearchPerIpPerMinute", "0")]
    [InlineData("RateLimits:GiftPerIpPerMinute", "0")]
    [InlineData("Gifts:PublicBaseUrl", "not a url")]
    [InlineData("Payments:BankTransfer:AccountName", "")]
    [InlineData("Database:Provider", "Oracle")]
    [InlineData("ForwardedHeaders:KnownProxies", "10.0.0.300")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0/33")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.1")]
    [InlineData("DataProtection:CertificatePath", "/nonexistent/procurement-keys.pfx")]
    public async Task A_bad_setting_stops_start_up_naming_its_key(string key, string value)
    {
        await using var app = new MisconfiguredApp(key, value);
        var failure = Assert.ThrowsAny<Exception>(() => app.Services);
        var named = Unwrap(failure);
        Assert.IsType<OptionsValidationException>(named);
        Assert.Contains(key, named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_settings_are_read_with_their_defaults_kept()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Ordering:ReservationHours"] = "24" }).Build();
        var ordering = configuration.Read<Procurement.Core.Ordering.OrderingOptions>("Ordering", rules => FluentValidation.DefaultValidatorExtensions.GreaterThan(rules.RuleFor(o => o.ReservationHours), 0));
        Assert.Equal(24, ordering.ReservationHours);
        Assert.Equal(24, ordering.WarnHoursBefore);
    }

    private static Exception Unwrap(Exception e) => e is OptionsValidationException || e.InnerException is null ? e : Unwrap(e.InnerException);
}
