namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>A fuzz input broke a parser's promise (crash, hang, unbounded allocation, inconsistent result); FsCheck shrinks on it.</summary>
public sealed class FuzzPropertyException : Exception
{
    public FuzzPropertyException(string message)
        : base(message)
    {
    }

    public FuzzPropertyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
