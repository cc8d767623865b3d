namespace Amphora.Storage.Azure;

/// <summary>Puts one kind of credential on Blob service requests (a Shared Key signature, a SAS token or a bearer token).</summary>
internal abstract class AzureAuthorizer
{
    /// <summary>What the operator should check when the service refuses these credentials; never the credential itself.</summary>
    public abstract string CredentialsHint { get; }

    /// <summary>Authorizes a request whose other headers (x-ms-date and x-ms-version included) are final.</summary>
    public abstract ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
