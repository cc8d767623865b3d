using Amphora.Storage;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage.Conformance;

/// <summary>The shared object store behaviour, on Azurite.</summary>
public sealed class AzureConformance : ObjectStoreConformance
{
    protected override IObjectStore OpenStore(string isolatedPrefix, TransferTuning tuning) => AzureTestServer.Open(isolatedPrefix, tuning);
}
