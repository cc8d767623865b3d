using Amphora.Storage.Gcs;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage;

/// <summary>The GCS emulator the tests run against, named by the variables scripts/test-servers.sh prints.</summary>
internal static class GcsTestServer
{
    public static Uri Endpoint => new(Variable("AMPHORA_TEST_GCS_ENDPOINT"));

    public static string Bucket => Variable("AMPHORA_TEST_GCS_BUCKET");

    public static GcsObjectStore OpenStore(string prefix, TransferTuning tuning) =>
        new($"gcs:{Bucket}/{prefix}", Bucket, prefix, new GcsSettings { Endpoint = Endpoint }, tuning);

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./scripts/test.sh, or eval \"$(./scripts/test-servers.sh start)\" first.");
}
