using Amphora.Storage.Azure;
using Azure.Core;

namespace Amphora.Tests.Storage;

/// <summary>Entra ID tokens for Azure Storage: asked for with the storage scope, reused while fresh, renewed before they expire.</summary>
public sealed class AzureTokenAuthorizerTests
{
    [Fact]
    public async Task A_fresh_token_is_reused_and_one_about_to_expire_is_renewed()
    {
        var credential = new CountingCredential(lifetime: TimeSpan.FromHours(1));
        using var authorizer = new TokenAuthorizer(credential, "the test identity");

        Assert.Equal("Bearer token-1", await AuthorizationOf(authorizer));
        Assert.Equal("Bearer token-1", await AuthorizationOf(authorizer));
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes);

        credential.Lifetime = TimeSpan.FromMinutes(1);
        using var renewing = new TokenAuthorizer(credential, "the test identity");
        Assert.Equal("Bearer token-2", await AuthorizationOf(renewing));
        Assert.Equal("Bearer token-3", await AuthorizationOf(renewing));
    }

    private static async Task<string> AuthorizationOf(TokenAuthorizer authorizer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://account.blob.core.windows.net/c/k");
        await authorizer.AuthorizeAsync(request, CancellationToken.None);
        return request.Headers.Authorization!.ToString();
    }

    private sealed class CountingCredential(TimeSpan lifetime) : TokenCredential
    {
        private int _issued;

        public TimeSpan Lifetime { get; set; } = lifetime;

        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new AccessToken($"token-{++_issued}", DateTimeOffset.UtcNow + Lifetime);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
