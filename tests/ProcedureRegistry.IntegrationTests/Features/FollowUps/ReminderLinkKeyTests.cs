using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using ProcedureRegistry.Web.Infrastructure.Messaging;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

/// <summary>Where the key of reminder links comes from, and that a known key is never used outside Development and Testing.</summary>
public sealed class ReminderLinkKeyTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ProcedureRegistry";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static ReminderLinkKey Key(string environment, params (string Key, string Value)[] settings) => new(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
        new Environment(environment));

    [Fact]
    public void A_configured_key_gives_the_same_token_on_every_instance_and_another_key_another()
    {
        var configured = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Assert.Equal(Key("Production", (ReminderLinkKey.Setting, configured)).TokenFor(7), Key("Production", (ReminderLinkKey.Setting, configured)).TokenFor(7));
        Assert.NotEqual(Key("Production", (ReminderLinkKey.Setting, configured)).TokenFor(7), Key("Testing").TokenFor(7));
        Assert.Throws<InvalidOperationException>(() => Key("Production", (ReminderLinkKey.Setting, Convert.ToBase64String(new byte[16]))).TokenFor(7));
    }

    [Fact]
    public void Without_a_key_Production_derives_one_from_the_data_protection_certificate_and_refuses_with_neither()
    {
        var path = Path.Combine(Path.GetTempPath(), $"link-key-{Guid.NewGuid():N}.pfx");
        try
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=link key test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "pw"));
            (string, string)[] settings = [("DataProtection:CertificatePath", path), ("DataProtection:CertificatePassword", "pw")];
            var token = Key("Production", settings).TokenFor(7);
            Assert.Equal(token, Key("Production", settings).TokenFor(7));
            Assert.NotEqual(token, Key("Testing").TokenFor(7));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<InvalidOperationException>(() => Key("Production").TokenFor(7));
        Assert.Throws<InvalidOperationException>(() => Key("Staging").TokenFor(7));
    }
}
