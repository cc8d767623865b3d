namespace Amphora.Core.Backup;

/// <summary>The node already has a backup (complete or not) under this tag in the location.</summary>
public sealed class BackupTagInUseException(string tag, Guid hostId, string location)
    : ArgumentException($"backup '{tag}' of node {hostId} already exists in {location}; choose another --tag, or remove it first with 'amphora backups delete {tag}'.");
