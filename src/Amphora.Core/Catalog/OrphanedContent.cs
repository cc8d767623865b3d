namespace Amphora.Core.Catalog;

/// <summary>
/// A content object no manifest references. Interrupted deletes and failed backups leave these; one younger than the grace
/// period may also be the upload of a backup still running or about to be retried.
/// </summary>
public sealed record OrphanedContent(string Key, long Size, DateTimeOffset LastModified, TimeSpan Age, bool WithinGrace);
