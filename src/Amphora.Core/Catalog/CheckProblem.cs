using Amphora.Core.Repository;

namespace Amphora.Core.Catalog;

/// <summary>
/// One thing wrong in a repository, with a message that names it completely (backup, node, file, content key) and the same
/// facts as fields for tools. Node backup fields are null for problems of a content object alone.
/// </summary>
public sealed record CheckProblem(CheckProblemKind Kind, string Message)
{
    public string? Cluster { get; init; }

    public string? Tag { get; init; }

    public Guid? HostId { get; init; }

    /// <summary>The backed-up file as <c>keyspace.table/path</c>.</summary>
    public string? File { get; init; }

    public string? ContentKey { get; init; }

    public static CheckProblem MissingContent(NodeBackupSummary part, string file, string key, long size) =>
        Of(CheckProblemKind.MissingContent, part, file, key, $"missing content: {Name(part)}: {file} ({size} bytes) needs {key}, which the location lacks");

    public static CheckProblem WrongSize(NodeBackupSummary part, string file, string key, long size, long storedSize) =>
        Of(CheckProblemKind.WrongSize, part, file, key, $"wrong size: {Name(part)}: {file} needs {key} of {size} bytes, which holds {storedSize} bytes");

    public static CheckProblem DamagedContent(NodeBackupSummary part, string file, string key) =>
        Of(CheckProblemKind.DamagedContent, part, file, key, $"damaged content: {Name(part)}: {file} needs {key}, whose bytes no longer match its SHA-256");

    public static CheckProblem InvalidReference(NodeBackupSummary part, string file, string hash) =>
        Of(CheckProblemKind.InvalidReference, part, file, null, $"invalid reference: {Name(part)}: {file} has hash '{hash}', which is not a SHA-256");

    public static CheckProblem UnreadableManifest(NodeBackupSummary part, string reason) =>
        Of(CheckProblemKind.UnreadableManifest, part, null, null, $"unreadable manifest: {Name(part)}: {reason}; what it references is unknown");

    public static CheckProblem MissingManifest(NodeBackupSummary part) =>
        Of(CheckProblemKind.MissingManifest, part, null, null,
            $"missing manifest: {Name(part)} is marked complete but {RepositoryKeys.Manifest(part.Cluster, part.Tag, part.HostId)} is gone, so it cannot be restored");

    public static CheckProblem WrongHash(string key, ContentHash actual, long bytes) =>
        new(CheckProblemKind.WrongHash, $"wrong hash: {key} holds {bytes} bytes whose SHA-256 is {actual.Hex}: the stored bytes were damaged") { ContentKey = key };

    public static CheckProblem UnreadableContent(string key, string reason) =>
        new(CheckProblemKind.UnreadableContent, $"unreadable content: {key} could not be read: {reason}") { ContentKey = key };

    public static CheckProblem InvalidContentKey(string key) =>
        new(CheckProblemKind.InvalidContentKey, $"invalid content key: {key} is not content/<hh>/<64 hex digits of SHA-256>; no backup can use it") { ContentKey = key };

    public static CheckProblem MisplacedContent(string key, ContentHash hash) =>
        new(CheckProblemKind.MisplacedContent, $"misplaced content: {key} belongs in {RepositoryKeys.Content(hash)}; no backup looks for it where it is") { ContentKey = key };

    private static CheckProblem Of(CheckProblemKind kind, NodeBackupSummary part, string? file, string? key, string message) =>
        new(kind, message) { Cluster = part.Cluster, Tag = part.Tag, HostId = part.HostId, File = file, ContentKey = key };

    private static string Name(NodeBackupSummary part) => $"backup {part.Tag} of node {part.HostId:D} (cluster '{part.Cluster}')";
}
