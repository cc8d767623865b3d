using Amphora.Storage.Azure;

namespace Amphora.Tests.Storage;

/// <summary>Which account and credentials Azure settings select, and malformed ones refused without quoting secrets.</summary>
public sealed class AzureSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHM=";

    [Fact]
    public void A_connection_string_builds_the_endpoint_from_protocol_account_and_suffix()
    {
        var account = AzureAccount.From(new AzureSettings
        {
            ConnectionString = $"DefaultEndpointsProtocol=https;AccountName=prodbackups;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn",
        });

        Assert.Equal(new Uri("https://prodbackups.blob.core.chinacloudapi.cn"), account.BlobEndpoint);
        Assert.Equal("prodbackups", account.Name);
        Assert.IsType<SharedKeyAuthorizer>(account.Authorizer);
    }

    [Fact]
    public void A_sas_connection_string_names_the_account_from_its_endpoint()
    {
        var account = AzureAccount.From(new AzureSettings
        {
            ConnectionString = "BlobEndpoint=https://prodbackups.blob.core.windows.net/;SharedAccessSignature=sv=2024-11-04&sig=abc%3D",
        });

        Assert.Equal("prodbackups", account.Name);
        Assert.IsType<SasAuthorizer>(account.Authorizer);
    }

    [Theory]
    [InlineData("AccountName=a;AccountKey=" + Key + ";no-equals-sign")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";AccountKey=" + Key)]
    [InlineData("AccountKey=" + Key)]
    [InlineData("AccountName=a;BlobEndpoint=ftp://host/;AccountKey=" + Key)]
    [InlineData("AccountName=a")]
    [InlineData("AccountName=a;AccountKey=not base64 " + Key)]
    public void A_malformed_connection_string_is_refused_without_quoting_it(string connectionString)
    {
        var failure = Assert.Throws<ArgumentException>(() => AzureAccount.From(new AzureSettings { ConnectionString = connectionString }));

        Assert.DoesNotContain(Key[..10], failure.Message, StringComparison.Ordinal);
        Assert.Contains("connection string", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_chosen_connection_string_then_key_then_sas_then_entra_id()
    {
        var everything = new AzureSettings
        {
            ConnectionString = $"AccountName=fromstring;AccountKey={Key}",
            AccountName = "named",
            AccountKey = Key,
            SasToken = "?sv=2024-11-04&sig=abc",
            ManagedIdentity = true,
        };

        Assert.Equal("fromstring", AzureAccount.From(everything).Name);
        Assert.IsType<SharedKeyAuthorizer>(AzureAccount.From(everything with { ConnectionString = null }).Authorizer);
        Assert.IsType<SasAuthorizer>(AzureAccount.From(everything with { ConnectionString = null, AccountKey = null }).Authorizer);
        var entra = AzureAccount.From(everything with { ConnectionString = null, AccountKey = null, SasToken = null });
        Assert.IsType<TokenAuthorizer>(entra.Authorizer);
        Assert.Equal(new Uri("https://named.blob.core.windows.net"), entra.BlobEndpoint);
        Assert.Contains("system-assigned managed identity", entra.Authorizer.CredentialsHint, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_account_the_settings_say_what_to_set()
    {
        var failure = Assert.Throws<ArgumentException>(() => AzureAccount.From(new AzureSettings { ManagedIdentity = true }));
        Assert.Contains("AZURE_STORAGE_ACCOUNT", failure.Message, StringComparison.Ordinal);
        var keyAlone = Assert.Throws<ArgumentException>(() => AzureAccount.From(new AzureSettings { AccountKey = Key, BlobEndpoint = new Uri("http://127.0.0.1:10000/a") }));
        Assert.Contains("set AZURE_STORAGE_ACCOUNT too", keyAlone.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..10], keyAlone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_fills_only_what_the_settings_leave_unset()
    {
        var variables = new Dictionary<string, string>
        {
            ["AZURE_STORAGE_ACCOUNT"] = "fromenv",
            ["AZURE_STORAGE_KEY"] = Key,
            ["AZURE_STORAGE_SAS_TOKEN"] = string.Empty,
            ["AZURE_STORAGE_BLOB_ENDPOINT"] = "http://127.0.0.1:10000/fromenv",
            ["AZURE_CLIENT_ID"] = "client-id",
        };

        var settings = new AzureSettings { AccountName = "explicit", ManagedIdentity = true }.WithEnvironment(variables.GetValueOrDefault);

        Assert.Equal("explicit", settings.AccountName);
        Assert.Equal(Key, settings.AccountKey);
        Assert.Null(settings.SasToken);
        Assert.Equal(new Uri("http://127.0.0.1:10000/fromenv"), settings.BlobEndpoint);
        Assert.Equal("client-id", settings.ManagedIdentityClientId);
        Assert.Null(settings.ConnectionString);
    }
}
