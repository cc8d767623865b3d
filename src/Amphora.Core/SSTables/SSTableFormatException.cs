namespace Amphora.Core.SSTables;

/// <summary>A component's bytes do not follow its format: the message says which field and why.</summary>
public sealed class SSTableFormatException(string message) : FormatException(message);
