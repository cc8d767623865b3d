using Amphora.Storage;
using Amphora.Storage.Local;
using Amphora.Storage.Transfers;
using Amphora.Tests.Support;

namespace Amphora.Tests.Storage.Conformance;

/// <summary>The conformance suite on a local-disk location.</summary>
public sealed class LocalConformance : ObjectStoreConformance, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override IObjectStore OpenStore(string isolatedPrefix, TransferTuning tuning) =>
        new LocalObjectStore(Path.Combine(_directory.Path, isolatedPrefix));
}
