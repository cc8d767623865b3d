namespace Amphora.Storage.Azure;

/// <summary>Authorizes requests with a shared access signature appended to their query string.</summary>
internal sealed class SasAuthorizer(string sasToken, string credentialsHint) : AzureAuthorizer
{
    private readonly string _query = sasToken.TrimStart('?');

    public override string CredentialsHint { get; } = credentialsHint;

    public override ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!.AbsoluteUri;
        request.RequestUri = new Uri(uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + _query);
        return ValueTask.CompletedTask;
    }
}
