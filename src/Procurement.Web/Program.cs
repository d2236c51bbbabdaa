using Procurement.Core.Common;
using Procurement.Infrastructure.Catalog;
using Procurement.Infrastructure.Jobs;
using Procurement.Infrastructure.Payments;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Reporting;
using Procurement.Infrastructure.Search;
using Procurement.Web.Api;
using Procurement.Web.Auth;
using Procurement.Web.Components;
using Procurement.Web.Platform;

var builder = WebApplication.CreateBuilder(args);
var dataDirectory = DataDirectory.Resolve(builder.Configuration);

builder.AddStructuredLogging(dataDirectory);
builder.Services.AddPersistence(builder.Configuration, dataDirectory);
builder.Services.AddDataProtectionKeys(builder.Configuration);
builder.Services.AddAuth();
builder.Services.AddJobs(builder.Configuration, dataDirectory);
builder.Services.AddSearch(builder.Configuration, dataDirectory);
builder.Services.AddListingFiles(builder.Configuration, dataDirectory);
builder.Services.AddPaymentPaperwork(builder.Configuration, dataDirectory);
builder.Services.AddProblems();
builder.Services.AddSecurity(builder.Configuration, builder.Environment);
builder.Services.AddUiLocalization();
builder.Services.AddApiDocumentation();
builder.Services.AddHealth();
builder.Services.AddUseCases(builder.Configuration);
builder.Services.AddReporting();
builder.Services.AddUi();

var app = builder.Build();

// Culture first: problem titles written on the way out must see the caller's language.
app.UseRequestLocalization();
app.UseExceptionHandler();
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseSecurity();
app.UseGiftPageLimit();
app.UseApiBodyLimit();

app.UseAuthentication();
app.UseAuthorization();
app.UseBearerRevalidation();
app.UseCheckedPaging();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealth();
app.MapApiDocumentation();
app.MapAuth();
app.MapCatalog();
app.MapSuppliersAdmin();
app.MapUnionsAdmin();
app.MapUsersAdmin();
app.MapSupplierListings();
app.MapStockImports();
app.MapListingImages();
app.MapSupplierNotices();
app.MapNotifications();
app.MapPaymentPaperwork();
app.MapListingReview();
app.MapOrdering();
app.MapPaperwork();
app.MapGifts();
app.MapPayments();
app.MapFulfilment();
app.MapSettlement();
app.MapLedger();
app.MapPartners();
app.MapReporting();
app.MapJobsDashboard();
app.MapCultureSwitch();
app.MapAccount();
// Our policy (SecuritySetup) carries frame-ancestors 'none'; Blazor's own 'self' header would be a second, weaker one.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

await app.PrepareAsync();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
