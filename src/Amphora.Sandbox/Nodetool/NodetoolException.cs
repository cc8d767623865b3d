namespace Amphora.Sandbox.Nodetool;

/// <summary>
/// A failure nodetool reports as bad use: <c>nodetool: message</c> and the help hint on stdout, exit 1
/// (parse errors, IllegalArgumentException and IllegalStateException in real nodetool).
/// </summary>
public sealed class NodetoolUsageException(string message) : Exception(message);
