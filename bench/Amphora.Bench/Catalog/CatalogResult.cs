namespace Amphora.Bench.Catalog;

/// <summary>
/// Benchmark (7): <c>backups list</c> and <c>purge</c> of the oldest backups over a large catalog, as real CLI processes.
/// Generation is timed separately and is not one of the measured figures.
/// </summary>
public sealed record CatalogResult(
    int BackupsBefore,
    int BackupsAfter,
    int NodeBackups,
    int NodeBackupsPurged,
    int ContentObjectsBefore,
    int ContentObjectsAfter,
    double ListSeconds,
    long ListPeakRssBytes,
    double PurgeSeconds,
    long PurgePeakRssBytes,
    double CheckSeconds,
    double GenerationSeconds);
