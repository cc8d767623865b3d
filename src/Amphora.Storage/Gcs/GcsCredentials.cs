using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace Amphora.Storage.Gcs;

/// <summary>
/// OAuth access tokens for the GCS JSON API, found the standard Google way: a service account key file when one is named,
/// else Application Default Credentials. The library caches and refreshes tokens.
/// </summary>
internal sealed class GcsCredentials
{
    private const string Scope = "https://www.googleapis.com/auth/devstorage.read_write";
    private readonly string? _credentialsFile;
    private readonly Lazy<Task<ITokenAccess>> _credential;

    public GcsCredentials(string? credentialsFile)
    {
        _credentialsFile = credentialsFile;
        _credential = new Lazy<Task<ITokenAccess>>(LoadAsync);
        Advice = credentialsFile is null
            ? "credentials come from Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS naming a service account key file, `gcloud auth application-default login`, or the service account of the VM or workload (metadata server)"
            : $"credentials come from the service account key file {credentialsFile} (the settings or GOOGLE_APPLICATION_CREDENTIALS)";
    }

    /// <summary>How the credentials are found, for error messages.</summary>
    public string Advice { get; }

    public async Task<string> GetAccessTokenAsync(string location, CancellationToken cancellationToken)
    {
        try
        {
            var credential = await _credential.Value.ConfigureAwait(false);
            return await credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken).ConfigureAwait(false);
        }
        catch (TokenResponseException e)
        {
            var code = (int?)e.StatusCode;
            var isTransient = code is null or 408 or 429 or >= 500;
            var said = string.Join(": ", new[] { e.Error?.Error, e.Error?.ErrorDescription }.Where(part => !string.IsNullOrEmpty(part)));
            throw new StorageException(
                $"cannot get a Google access token for {location}: the token service answered {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"} ({GcsErrors.Scrub(said)}); {(isTransient ? "retrying may succeed" : "the credentials were refused")}: {Advice}",
                e,
                isTransient);
        }
        catch (HttpRequestException e)
        {
            throw new StorageException($"cannot get a Google access token for {location}: the token service or metadata server could not be reached ({GcsErrors.Scrub(e.Message)}); retrying may succeed: {Advice}", e, isTransient: true);
        }
        catch (Exception e) when (e is not OperationCanceledException and not StorageException)
        {
            // Parse errors might quote the file (a private key): keep their exceptions out of the chain.
            var inner = e is IOException or UnauthorizedAccessException ? e : null;
            throw new StorageException($"cannot load Google credentials for {location}: {Why(e)}. {Advice}", inner);
        }
    }

    private static string Why(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "the credentials file does not exist",
        UnauthorizedAccessException => "the credentials file is not readable by this user",
        InvalidOperationException when e.Message.Contains("Application Default Credentials", StringComparison.Ordinal) => "no Application Default Credentials were found",
        _ => "the credentials file is not a valid Google service account key (JSON)",
    };

    private async Task<ITokenAccess> LoadAsync()
    {
        var credential = _credentialsFile is null
            ? await GoogleCredential.GetApplicationDefaultAsync().ConfigureAwait(false)
            : (await CredentialFactory.FromFileAsync<ServiceAccountCredential>(_credentialsFile, CancellationToken.None).ConfigureAwait(false)).ToGoogleCredential();
        return credential.CreateScoped(Scope);
    }
}
