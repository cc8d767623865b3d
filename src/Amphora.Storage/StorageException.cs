namespace Amphora.Storage;

/// <summary>A location could not do what was asked; the message names the location, the key and what to do.</summary>
public class StorageException(string message, Exception? innerException = null) : Exception(message, innerException);
