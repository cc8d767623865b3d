using global::Azure.Identity;

namespace Amphora.Storage.Azure;

/// <summary>The blob service endpoint, the account's name for messages, and the credentials that <see cref="AzureSettings"/> select.</summary>
internal sealed record AzureAccount(Uri BlobEndpoint, string Name, AzureAuthorizer Authorizer)
{
    private const string DefaultEndpointSuffix = "core.windows.net";

    public static AzureAccount From(AzureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ConnectionString is { Length: > 0 } connectionString)
        {
            return FromConnectionString(AzureConnectionString.Parse(connectionString));
        }

        if (settings.AccountName is { Length: > 0 } name && settings.AccountKey is { Length: > 0 } key)
        {
            var endpoint = settings.BlobEndpoint ?? DefaultEndpoint("https", name, DefaultEndpointSuffix);
            return new AzureAccount(endpoint, name, new SharedKeyAuthorizer(name, key, "the account key (AZURE_STORAGE_KEY)"));
        }

        if (settings.AccountKey is { Length: > 0 })
        {
            throw new ArgumentException("an Azure Storage account key is given without its account: set AZURE_STORAGE_ACCOUNT too.");
        }

        var target = settings.BlobEndpoint ?? (settings.AccountName is { Length: > 0 } account ? DefaultEndpoint("https", account, DefaultEndpointSuffix) : null)
            ?? throw new ArgumentException(
                "no Azure Storage account is given: set AZURE_STORAGE_ACCOUNT (or AZURE_STORAGE_BLOB_ENDPOINT), or AZURE_STORAGE_CONNECTION_STRING.");
        var accountName = settings.AccountName ?? NameOf(target);
        if (settings.SasToken is { Length: > 0 } sas)
        {
            return new AzureAccount(target, accountName, new SasAuthorizer(sas, "the SAS token (AZURE_STORAGE_SAS_TOKEN): its permissions, expiry and signature"));
        }

        return new AzureAccount(target, accountName, TokenCredentials(settings));
    }

    private static AzureAccount FromConnectionString(AzureConnectionString fields)
    {
        var name = fields["AccountName"];
        Uri endpoint;
        if (fields["BlobEndpoint"] is { } blobEndpoint)
        {
            endpoint = Uri.TryCreate(blobEndpoint, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed
                : throw AzureConnectionString.Malformed("BlobEndpoint is not an http(s) URL");
        }
        else if (name is not null)
        {
            var protocol = fields["DefaultEndpointsProtocol"] ?? "https";
            if (protocol is not ("http" or "https"))
            {
                throw AzureConnectionString.Malformed("DefaultEndpointsProtocol must be http or https");
            }

            endpoint = DefaultEndpoint(protocol, name, fields["EndpointSuffix"] ?? DefaultEndpointSuffix);
        }
        else
        {
            throw AzureConnectionString.Malformed("it names neither AccountName nor BlobEndpoint");
        }

        const string hint = "the connection string (AZURE_STORAGE_CONNECTION_STRING)";
        if (name is not null && fields["AccountKey"] is { } key)
        {
            return new AzureAccount(endpoint, name, new SharedKeyAuthorizer(name, key, $"the account key in {hint}"));
        }

        if (fields["SharedAccessSignature"] is { } sas)
        {
            return new AzureAccount(endpoint, name ?? NameOf(endpoint), new SasAuthorizer(sas, $"the SAS in {hint}: its permissions, expiry and signature"));
        }

        throw AzureConnectionString.Malformed("it has neither AccountName with AccountKey nor SharedAccessSignature");
    }

    private static TokenAuthorizer TokenCredentials(AzureSettings settings)
    {
        var clientId = settings.ManagedIdentityClientId is { Length: > 0 } id ? id : null;
        if (settings.ManagedIdentity)
        {
            var identity = clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId);
            var which = clientId is null ? "the system-assigned managed identity" : "the user-assigned managed identity (AZURE_CLIENT_ID)";
            return new TokenAuthorizer(new ManagedIdentityCredential(identity), $"{which} and its Storage Blob Data role on the account");
        }

        var options = new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId };
        return new TokenAuthorizer(
            new DefaultAzureCredential(options),
            "the Entra ID identity DefaultAzureCredential found and its Storage Blob Data role on the account, or set an account key, SAS or connection string");
    }

    private static Uri DefaultEndpoint(string protocol, string account, string suffix) => new($"{protocol}://{account}.blob.{suffix}");

    /// <summary>The account in an endpoint: the first label of ACCOUNT.blob.SUFFIX, or the first path segment of an emulator's URL.</summary>
    private static string NameOf(Uri endpoint)
    {
        var path = endpoint.AbsolutePath.Trim('/');
        return path.Length > 0 ? path.Split('/')[0] : endpoint.Host.Split('.')[0];
    }
}
