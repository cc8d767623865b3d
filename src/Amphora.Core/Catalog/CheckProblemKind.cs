namespace Amphora.Core.Catalog;

/// <summary>What <see cref="RepositoryCheck"/> found wrong; each kind is a reason a restore could fail or a key nothing can use.</summary>
public enum CheckProblemKind
{
    /// <summary>A manifest references a content object the location lacks.</summary>
    MissingContent,

    /// <summary>A manifest references a content object whose size differs from the file's.</summary>
    WrongSize,

    /// <summary>A manifest references a content object whose bytes no longer hash to its key.</summary>
    DamagedContent,

    /// <summary>A manifest lists a file hash that is not a SHA-256, so no content object can hold it.</summary>
    InvalidReference,

    /// <summary>A content object whose bytes do not hash to its key.</summary>
    WrongHash,

    /// <summary>A content object that could not be read to hash it.</summary>
    UnreadableContent,

    /// <summary>An object under <c>content/</c> whose name is not a SHA-256.</summary>
    InvalidContentKey,

    /// <summary>A content object in the wrong <c>&lt;hh&gt;</c> directory, where no backup looks for it.</summary>
    MisplacedContent,

    /// <summary>A node backup's manifest that cannot be read: what it references is unknown.</summary>
    UnreadableManifest,

    /// <summary>A node backup marked complete whose manifest is gone: it cannot be restored.</summary>
    MissingManifest,
}
