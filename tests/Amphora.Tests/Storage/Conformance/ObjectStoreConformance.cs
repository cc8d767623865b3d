using Amphora.Storage;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage.Conformance;

/// <summary>
/// The behaviour every backend owes the repository format. One derived class per backend, each against a real server
/// (started by scripts/test-servers.sh); a backend whose server is missing fails, it never skips.
/// </summary>
public abstract partial class ObjectStoreConformance
{
    /// <summary>Parts of 5 MiB (S3's smallest) so that "large" objects stay small enough for CI.</summary>
    protected static readonly TransferTuning SmallParts = new() { MinimumPartSize = 5 * PartLayout.MiB, PartParallelism = 3 };

    /// <summary>A store on the backend under test whose keys live under a prefix no other test uses.</summary>
    protected abstract IObjectStore OpenStore(string isolatedPrefix, TransferTuning tuning);

    protected IObjectStore NewStore() => OpenStore("conformance-" + Guid.NewGuid().ToString("N")[..12], SmallParts);
}
