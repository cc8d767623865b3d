namespace Amphora.Core.Catalog;

/// <summary>Where <see cref="RepositoryCheck"/> reports how far it got; hashing reports come from several tasks at once.</summary>
public interface ICheckProgress
{
    void Stage(string description);

    /// <summary>The hashing pass is about to read this many content objects and bytes.</summary>
    void Planned(long objects, long bytes);

    void BytesHashed(long bytes);

    void ObjectHashed();
}
