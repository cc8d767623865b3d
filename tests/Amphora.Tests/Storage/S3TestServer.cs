using Amphora.Storage.S3;

namespace Amphora.Tests.Storage;

/// <summary>
/// The s3rver that scripts/test-servers.sh starts. Its credentials reach the stores the way operators' do, through the
/// SDK's environment chain, so this sets them for the test process; a missing server fails the test, it never skips.
/// </summary>
internal static class S3TestServer
{
    public const string AccessKey = "S3RVER";

    /// <summary>A profile the server refuses: s3rver checks access key IDs but not SigV4 signatures.</summary>
    public const string RefusedProfile = "amphora-refused";

    public const string RefusedAccessKey = "AMPHORAREFUSED";

    /// <summary>The wrong secret, which no message may show.</summary>
    public const string RefusedSecret = "wrong-secret-never-printed";

    private static readonly Lazy<(Uri Endpoint, string Bucket)> Server = new(() =>
    {
        var endpoint = Environment.GetEnvironmentVariable("AMPHORA_TEST_S3_ENDPOINT");
        var bucket = Environment.GetEnvironmentVariable("AMPHORA_TEST_S3_BUCKET");
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(bucket))
        {
            throw new InvalidOperationException(
                "AMPHORA_TEST_S3_ENDPOINT and AMPHORA_TEST_S3_BUCKET are not set: run the tests with ./scripts/test.sh, or "
                + "eval \"$(scripts/test-servers.sh start)\" first.");
        }

        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", AccessKey);
        // A shared credentials file with only a profile the server refuses (no default profile: it would win).
        var credentials = Path.Combine(Path.GetTempPath(), $"amphora-tests-aws-{Environment.ProcessId}.ini");
        File.WriteAllText(credentials, $"[{RefusedProfile}]\naws_access_key_id = {RefusedAccessKey}\naws_secret_access_key = {RefusedSecret}\n");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", credentials);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(credentials);
        return (new Uri(endpoint), bucket);
    });

    public static Uri Endpoint => Server.Value.Endpoint;

    public static string Bucket => Server.Value.Bucket;

    public static S3Settings Settings => new() { Endpoint = Endpoint, Region = "us-east-1" };

    public static S3ObjectStore Open(string prefix, Amphora.Storage.Transfers.TransferTuning tuning) =>
        new($"s3:{Bucket}/{prefix}", Bucket, prefix, Settings, tuning);
}
