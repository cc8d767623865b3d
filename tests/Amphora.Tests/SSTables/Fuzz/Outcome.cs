using System.Text.RegularExpressions;
using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// How one case ended: "accepted", or "refused: " and the message. <see cref="Shape"/> blanks numbers and quoted text so a
/// campaign can count which checks its inputs reached: a crude coverage report, and a sign when a seed stops reaching one.
/// </summary>
public static partial class Outcome
{
    public const string Accepted = "accepted";

    private const int MaxLength = 110;

    /// <summary>Longer than any message a parser means to write: one that is longer repeats the input back.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>The label for a parse's result; a refusal whose message is unfit for a terminal or a report breaks a property.</summary>
    public static string Of(SSTableFormatException? refusal)
    {
        if (refusal is null)
        {
            return Accepted;
        }

        CheckMessage(refusal.Message);
        return "refused: " + refusal.Message;
    }

    /// <summary>
    /// Messages reach terminals, logs and JSON reports: control characters from a hostile file (escape sequences, NUL,
    /// newlines) must be escaped, and a message must not grow with the input.
    /// </summary>
    public static void CheckMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length > MaxMessageLength || message.Any(char.IsControl))
        {
            throw new FuzzPropertyException(
                $"a message holds {message.Length} characters, {message.Count(char.IsControl)} of them control characters: {Printable.Escape(message[..Math.Min(message.Length, 200)])}");
        }
    }

    public static string Shape(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var shape = Number().Replace(Quoted().Replace(message, "'…'"), "N");
        return shape.Length <= MaxLength ? shape : shape[..MaxLength] + "…";
    }

    // Greedy: the quoted text comes from the input and may hold quotes itself.
    [GeneratedRegex("'.*'", RegexOptions.Singleline)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex Number();
}
