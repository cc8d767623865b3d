namespace Amphora.Storage.Azure;

/// <summary>What a request was for, in words for messages, and the SAS permission letter it needs.</summary>
internal sealed record BlobOperation(string Verb, string Permission, char PermissionLetter)
{
    public static BlobOperation Read { get; } = new("read", "read", 'r');

    public static BlobOperation Stat { get; } = new("look up", "read", 'r');

    public static BlobOperation Write { get; } = new("write", "write", 'w');

    public static BlobOperation List { get; } = new("list", "list", 'l');

    public static BlobOperation Delete { get; } = new("delete", "delete", 'd');
}
