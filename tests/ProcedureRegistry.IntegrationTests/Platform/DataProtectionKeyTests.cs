using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>An app whose data-protection keys are encrypted with a throwaway certificate, as deploy/run.sh configures it.</summary>
public sealed class CertificateProtectedKeysFixture : AppFixture
{
    private const string Password = "throwaway-test-certificate";
    public string CertificatePath { get; } = Path.Combine(Path.GetTempPath(), $"procreg-dp-{Guid.NewGuid():N}.pfx");

    public CertificateProtectedKeysFixture()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=ProcedureRegistry test data protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pkcs12, Password));
    }

    public IReadOnlyDictionary<string, string?> CertificateSettings => new Dictionary<string, string?>
    {
        ["DataProtection:CertificatePath"] = CertificatePath,
        ["DataProtection:CertificatePassword"] = Password,
    };

    protected override IReadOnlyDictionary<string, string?> Settings => CertificateSettings;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(CertificatePath);
    }
}

public sealed class DataProtectionKeyTests(CertificateProtectedKeysFixture app) : IClassFixture<CertificateProtectedKeysFixture>
{
    [Fact]
    public async Task Keys_are_stored_encrypted_with_the_configured_certificate()
    {
        var client = await app.SignedInClientAsync(); // the sign-in form and cookie make the first key
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        await using var db = TestDatabases.Context(app.ConnectionString);
        var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.DoesNotContain("<masterKey", xml);
            Assert.Contains("EncryptedData", xml);
            Assert.Contains("<X509Certificate>", xml); // encrypted to the certificate, which it names
        });
    }

    [Fact]
    public async Task Another_instance_with_the_certificate_reads_the_encrypted_keys_from_the_database()
    {
        var protectedText = app.Factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("probe").Protect("hello");

        await using var other = new RegistryFactory(app.ConnectionString, app.CertificateSettings);
        var unprotected = other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("probe").Unprotect(protectedText);

        Assert.Equal("hello", unprotected);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_certificate()
    {
        await using var production = new RegistryFactory(app.ConnectionString, new Dictionary<string, string?> { ["environment"] = "Production" });

        var refused = Assert.ThrowsAny<Exception>(() => production.Server);

        Assert.Contains("DataProtection__CertificatePath", refused.ToString());
    }
}
