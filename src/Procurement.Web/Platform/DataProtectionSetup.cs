using FluentValidation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Procurement.Infrastructure;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Web.Platform;

/// <summary>
/// <c>DataProtection:*</c>: a PKCS#12 file (<c>.pfx</c>) holding an RSA certificate and its private key, and the
/// file's password. When set, the keys that sign cookies and bearer tokens are encrypted with it before they are
/// stored, so a copy of the database alone does not let anyone forge a sign-in.
/// </summary>
public sealed class DataProtectionSettings
{
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
}

public static class DataProtectionSetup
{
    /// <summary>
    /// Keys in the database, so cookies and bearer tokens stay valid across restarts and across web instances;
    /// encrypted at rest with <c>DataProtection:CertificatePath</c> when it is set. A certificate that is set but
    /// cannot be read (no file, wrong password, no private or no RSA key) stops start-up, naming the key.
    /// </summary>
    public static IServiceCollection AddDataProtectionKeys(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.Read<DataProtectionSettings>("DataProtection", rules =>
            rules.RuleFor(o => o.CertificatePath).NotEmpty().When(o => !string.IsNullOrEmpty(o.CertificatePassword))
                .WithMessage("must name the certificate file the password is for"));
        var keys = services.AddDataProtection().SetApplicationName("Procurement").PersistKeysToDbContext<ProcurementDbContext>();
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            // The certificate object itself is handed over, so decrypting needs no certificate store (none on Linux).
            keys.ProtectKeysWithCertificate(Load(settings.CertificatePath, settings.CertificatePassword));
        }
        return services;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        string problem;
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (certificate.HasPrivateKey && certificate.GetRSAPublicKey() is not null)
            {
                return certificate;
            }
            certificate.Dispose();
            problem = "holds no RSA certificate with its private key";
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The password is never echoed; the file's name and the reason are.
            problem = $"could not be read with DataProtection:CertificatePassword ({exception.Message})";
        }
        throw new OptionsValidationException("DataProtection", typeof(DataProtectionSettings),
            [$"DataProtection:CertificatePath: {problem} (was '{path}')"]);
    }
}
