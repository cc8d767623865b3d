namespace Amphora.Storage.Gcs;

/// <summary>
/// Where a Google Cloud Storage location is served from and whose credentials it uses. Unset values mean Google's own
/// endpoint and Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, the metadata server).
/// </summary>
public sealed record GcsSettings
{
    public static Uri GoogleEndpoint { get; } = new("https://storage.googleapis.com");

    /// <summary>Base URL of an emulator (e.g. http://127.0.0.1:9199); requests to it carry no credentials.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>A service account key file (JSON), used instead of Application Default Credentials.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>
    /// Fills what is unset from the environment: AMPHORA_GCS_ENDPOINT, else STORAGE_EMULATOR_HOST (the variable Google's
    /// client libraries read, "host:port" or a URL), and GOOGLE_APPLICATION_CREDENTIALS.
    /// </summary>
    public GcsSettings WithEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var endpoint = Endpoint;
        if (endpoint is null && NonEmpty(getVariable("AMPHORA_GCS_ENDPOINT")) is { } configured)
        {
            endpoint = ParseEndpoint(configured, "AMPHORA_GCS_ENDPOINT");
        }

        if (endpoint is null && NonEmpty(getVariable("STORAGE_EMULATOR_HOST")) is { } emulator)
        {
            endpoint = ParseEndpoint(emulator.Contains("://", StringComparison.Ordinal) ? emulator : "http://" + emulator, "STORAGE_EMULATOR_HOST");
        }

        return this with
        {
            Endpoint = endpoint,
            CredentialsFile = CredentialsFile ?? NonEmpty(getVariable("GOOGLE_APPLICATION_CREDENTIALS")),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri ParseEndpoint(string value, string variable) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"{variable} is not an http(s) URL or host:port: '{value}'.");
}
