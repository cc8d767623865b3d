namespace Amphora.Storage.Azure;

/// <summary>
/// How to reach and authenticate to an Azure Blob account. The first complete way wins: a connection string; else an account
/// name and key (Shared Key); else a SAS token; else a managed identity or, failing that, whatever
/// <c>DefaultAzureCredential</c> finds (Entra ID). The account comes from the connection string, <see cref="BlobEndpoint"/>
/// or <see cref="AccountName"/> (<c>https://ACCOUNT.blob.core.windows.net</c>).
/// </summary>
public sealed record AzureSettings
{
    /// <summary>The standard <c>Name=Value;...</c> string (AccountName, AccountKey, BlobEndpoint, SharedAccessSignature, ...).</summary>
    public string? ConnectionString { get; init; }

    public string? AccountName { get; init; }

    /// <summary>The account's base64 access key, for Shared Key signing.</summary>
    public string? AccountKey { get; init; }

    /// <summary>The blob service URL, e.g. <c>https://ACCOUNT.blob.core.windows.net</c> or an emulator's.</summary>
    public Uri? BlobEndpoint { get; init; }

    /// <summary>A shared access signature (the query string, with or without its leading '?').</summary>
    public string? SasToken { get; init; }

    /// <summary>Use the machine's managed identity rather than the whole <c>DefaultAzureCredential</c> chain.</summary>
    public bool ManagedIdentity { get; init; }

    /// <summary>The client id of a user-assigned managed identity; none means the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>
    /// These settings with what they leave unset taken from AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_ACCOUNT,
    /// AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_BLOB_ENDPOINT and AZURE_CLIENT_ID (the managed identity's).
    /// </summary>
    public AzureSettings WithEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Variable(string name) => getVariable(name) is { Length: > 0 } value ? value : null;
        var endpoint = Variable("AZURE_STORAGE_BLOB_ENDPOINT");
        if (BlobEndpoint is null && endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            throw new ArgumentException("AZURE_STORAGE_BLOB_ENDPOINT is not an absolute URL, e.g. https://ACCOUNT.blob.core.windows.net.");
        }

        return this with
        {
            ConnectionString = ConnectionString ?? Variable("AZURE_STORAGE_CONNECTION_STRING"),
            AccountName = AccountName ?? Variable("AZURE_STORAGE_ACCOUNT"),
            AccountKey = AccountKey ?? Variable("AZURE_STORAGE_KEY"),
            SasToken = SasToken ?? Variable("AZURE_STORAGE_SAS_TOKEN"),
            BlobEndpoint = BlobEndpoint ?? (endpoint is null ? null : new Uri(endpoint)),
            ManagedIdentityClientId = ManagedIdentityClientId ?? Variable("AZURE_CLIENT_ID"),
        };
    }
}
