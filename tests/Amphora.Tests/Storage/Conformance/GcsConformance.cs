using Amphora.Storage;
using Amphora.Storage.Gcs;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage.Conformance;

/// <summary>The conformance suite on the GCS JSON API served by the emulator scripts/test-servers.sh starts.</summary>
public sealed class GcsConformance : ObjectStoreConformance, IDisposable
{
    private readonly List<GcsObjectStore> _stores = [];

    public void Dispose() => _stores.ForEach(store => store.Dispose());

    protected override IObjectStore OpenStore(string isolatedPrefix, TransferTuning tuning)
    {
        var store = GcsTestServer.OpenStore(isolatedPrefix, tuning);
        _stores.Add(store);
        return store;
    }
}
