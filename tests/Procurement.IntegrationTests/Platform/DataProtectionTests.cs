using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Procurement.Infrastructure.Persistence;

namespace Procurement.IntegrationTests.Platform;

/// <summary>A self-signed RSA certificate in a password-protected PKCS#12 file, made for the test.</summary>
public static class TestCertificate
{
    public const string Password = "Cert2026pass";

    public static string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=procurement-data-protection-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, $"dp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}

/// <summary>The app with its data-protection keys protected by a certificate file.</summary>
public sealed class CertificateProtectedApp : ProcurementApp
{
    public string CertificatePath { get; }

    public CertificateProtectedApp() => CertificatePath = TestCertificate.Write(Path.Combine(DataDirectory, "certs"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DataProtection:CertificatePath", CertificatePath);
        builder.UseSetting("DataProtection:CertificatePassword", TestCertificate.Password);
    }
}

/// <summary>Data-protection keys (which sign cookies and bearer tokens) are encrypted at rest when a certificate is configured.</summary>
public sealed class DataProtectionTests(CertificateProtectedApp app) : IClassFixture<CertificateProtectedApp>
{
    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_still_read_back()
    {
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/users")).StatusCode);

        var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<ProcurementDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("masterKey", xml, StringComparison.Ordinal);
        });
        // Read back from the database and decrypted with the configured certificate, which is in no certificate store.
        var keys = app.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        Assert.All(keys, key => Assert.NotNull(key.CreateEncryptor()));
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_read_stops_start_up_naming_the_key()
    {
        await using var wrongPassword = new WrongPasswordApp();
        var failure = Assert.ThrowsAny<Exception>(() => wrongPassword.Services);
        while (failure is not OptionsValidationException && failure.InnerException is { } inner)
        {
            failure = inner;
        }
        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("DataProtection:CertificatePath", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", failure.Message, StringComparison.Ordinal);
    }

    private sealed class WrongPasswordApp : ProcurementApp
    {
        private readonly string _certificate;

        public WrongPasswordApp() => _certificate = TestCertificate.Write(Path.Combine(DataDirectory, "certs"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("DataProtection:CertificatePath", _certificate);
            builder.UseSetting("DataProtection:CertificatePassword", "not-the-password");
        }
    }
}
