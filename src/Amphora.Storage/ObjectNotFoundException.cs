namespace Amphora.Storage;

/// <summary>No object has the key.</summary>
public sealed class ObjectNotFoundException(string location, string key) : StorageException($"{location} has no object {key}");
