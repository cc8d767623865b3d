namespace Amphora.Core.Verification;

/// <summary>One failed check in a backup: the file (relative to its table's snapshot directory), the check, what is wrong.</summary>
public sealed record VerificationProblem(string File, string Check, string Message)
{
    /// <summary>The content object for <see cref="File"/> does not exist in the location.</summary>
    public const string Missing = "missing";

    /// <summary>The content object is not the size the manifest records.</summary>
    public const string Size = "size";

    /// <summary>The content object's bytes do not hash to its name.</summary>
    public const string ContentHash = "content-hash";

    /// <summary>The location failed to answer for the object.</summary>
    public const string Unreadable = "unreadable";

    /// <summary>A node's part of the backup never finished.</summary>
    public const string Incomplete = "incomplete";
}
