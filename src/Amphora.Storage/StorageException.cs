namespace Amphora.Storage;

/// <summary>
/// A location could not do what was asked; the message names the location, the key and what to do, never a credential.
/// Transient failures (5xx, throttling, timeouts, dropped connections) may succeed if retried; the others will not.
/// </summary>
public class StorageException(string message, Exception? innerException = null, bool isTransient = false) : Exception(message, innerException)
{
    public bool IsTransient { get; } = isTransient;
}
