using System.Net.Http.Headers;
using global::Azure.Core;

namespace Amphora.Storage.Azure;

/// <summary>Authorizes requests with an Entra ID bearer token for Azure Storage, fetched once and renewed before it expires.</summary>
internal sealed class TokenAuthorizer(TokenCredential credential, string credentialsHint) : AzureAuthorizer, IDisposable
{
    private static readonly TokenRequestContext StorageScope = new(["https://storage.azure.com/.default"]);
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _renewing = new(1);
    private AccessToken? _token;

    public override string CredentialsHint { get; } = credentialsHint;

    public override async ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await CurrentTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
    }

    public void Dispose() => _renewing.Dispose();

    private async Task<AccessToken> CurrentTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } fresh && !NeedsRenewal(fresh))
        {
            return fresh;
        }

        await _renewing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } renewed && !NeedsRenewal(renewed))
            {
                return renewed;
            }

            var token = await credential.GetTokenAsync(StorageScope, cancellationToken).ConfigureAwait(false);
            _token = token;
            return token;
        }
        finally
        {
            _renewing.Release();
        }
    }

    private static bool NeedsRenewal(AccessToken token) =>
        DateTimeOffset.UtcNow >= (token.RefreshOn ?? token.ExpiresOn - RenewalMargin);
}
