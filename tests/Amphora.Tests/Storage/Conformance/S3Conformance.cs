using Amphora.Storage;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage.Conformance;

/// <summary>The conformance suite on s3rver, the S3 server scripts/test-servers.sh starts.</summary>
public sealed class S3Conformance : ObjectStoreConformance
{
    protected override IObjectStore OpenStore(string isolatedPrefix, TransferTuning tuning) => S3TestServer.Open(isolatedPrefix, tuning);
}
